// bpmn-js's translate service answered from the page's table of the libraries' words (app/web/studio/library_words.py).

export function translateModule(words) {
  function translate(template, replacements) {
    const text = words[template] || template;
    return text.replace(/{([^}]+)}/g, function (match, key) {
      return replacements && key in replacements ? replacements[key] : match;
    });
  }
  return { translate: ["value", translate] };
}
