// Camunda's official JavaScript external task client, unchanged, working one task of FlowDesk's /engine-rest.
// Usage: node worker.mjs BASE_URL SCENARIO LOGIN PASSWORD  (SCENARIO: complete, retry, failure, bpmnError)
// Prints what the task offered as one JSON line and exits 0 once the engine accepted the answer; 1 on any error.
import { BasicAuthInterceptor, Client, Variables } from "camunda-external-task-client-js";

const [baseUrl, scenario, username, password] = process.argv.slice(2);
const client = new Client({
  baseUrl, workerId: "js-worker", maxTasks: 1, lockDuration: 10000, asyncResponseTimeout: 1000,
  autoPoll: false, interceptors: new BasicAuthInterceptor({ username, password }),
});
const fail = (what) => (error) => {
  console.error(`${what}: ${error && error.message ? error.message : error}`);
  process.exit(1);
};
for (const event of ["poll:error", "complete:error", "handleFailure:error", "handleBpmnError:error", "handler:error"]) {
  client.on(event, fail(event));
}
for (const event of ["complete:success", "handleFailure:success", "handleBpmnError:success"]) {
  client.on(event, () => process.exit(0));
}
setTimeout(fail("timeout"), 20000);

client.subscribe("charge-card", { includeExtensionProperties: true }, async ({ task, taskService }) => {
  console.log(JSON.stringify({
    id: task.id, amount: task.variables.get("amount"), currency: task.variables.get("currency"),
    businessKey: task.businessKey, gateway: task.extensionProperties && task.extensionProperties.gateway,
  }));
  const variables = new Variables();
  if (scenario === "complete") {
    variables.set("receipt", "R-2");
    variables.set("details", { bank: "ACME", lines: [1, 2] });
    variables.setTyped("attempts", { type: "Integer", value: 3, valueInfo: {} });
    await taskService.complete(task, variables);
  } else if (scenario === "retry" || scenario === "failure") {
    await taskService.handleFailure(task, {
      errorMessage: "bank down", errorDetails: "timeout after 30 s", retries: scenario === "retry" ? 1 : 0,
      retryTimeout: 0,
    });
  } else {
    variables.set("reason", "funds");
    await taskService.handleBpmnError(task, "card-declined", "Insufficient funds", variables);
  }
});
client.start();
