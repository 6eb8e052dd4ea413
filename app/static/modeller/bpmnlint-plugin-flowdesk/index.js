// FlowDesk's bpmnlint rules, named in app/static/modeller/.bpmnlintrc as flowdesk/<rule>.
module.exports = {
  configs: {},
};
