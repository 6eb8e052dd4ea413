"""Read multi-instance loops as Camunda 7 runs them: a cardinality, or a collection with an element variable.

Camunda loops over `camunda:collection` (a variable name, or `${name}`), giving each instance the
item in `camunda:elementVariable`, local to that instance; it writes no output collection back.
SpiffWorkflow's Camunda reader instead takes the collection text as a variable name as is (so
`${list}` finds nothing) and writes the items back over the collection.
"""
import re
from typing import Any

from lxml import etree
from SpiffWorkflow.bpmn.specs.data_spec import TaskDataReference
from SpiffWorkflow.bpmn.specs.defaults import ParallelMultiInstanceTask, SequentialMultiInstanceTask

from engine.reading.findings import PropertyRefused

CAMUNDA_NS = "http://camunda.org/schema/1.0/bpmn"
VARIABLE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
EXPRESSION_AROUND_NAME = re.compile(r"[$#]\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}")


def collection_variable(text: str) -> str | None:
    """Return the variable a camunda:collection names (`list` or `${list}`), or None for anything else."""
    stripped = text.strip()
    if VARIABLE_NAME.fullmatch(stripped):
        return stripped
    match = EXPRESSION_AROUND_NAME.fullmatch(stripped)
    return match.group(1) if match else None


class ElementVariableIsLocal:
    """Mixin for multi-instance specs: the element variable stays in its instance, as in Camunda."""

    input_item: Any
    data_output: Any

    def merge_child(self, workflow: Any, child: Any) -> None:
        """Merge an instance's data into the loop's, without its element variable."""
        if self.input_item is not None and self.data_output is None:
            child.data.pop(self.input_item.bpmn_id, None)
        super().merge_child(workflow, child)  # type: ignore[misc]


class CamundaParallelLoop(ElementVariableIsLocal, ParallelMultiInstanceTask):
    """A parallel multi-instance activity with Camunda's data rules."""


class CamundaSequentialLoop(ElementVariableIsLocal, SequentialMultiInstanceTask):
    """A sequential multi-instance activity with Camunda's data rules."""


class CamundaLoopReader:
    """Mixin for task parsers: read multiInstanceLoopCharacteristics in the Camunda 7 way."""

    spec: Any
    task: Any

    def _add_multiinstance_task(self, loop_characteristics: etree._Element) -> None:
        prefix = "bpmn:multiInstanceLoopCharacteristics"
        cardinality = self.xpath(f"./{prefix}/bpmn:loopCardinality")  # type: ignore[attr-defined]
        condition = self.xpath(f"./{prefix}/bpmn:completionCondition")  # type: ignore[attr-defined]
        collection = loop_characteristics.get(f"{{{CAMUNDA_NS}}}collection")
        element_variable = loop_characteristics.get(f"{{{CAMUNDA_NS}}}elementVariable")
        if not cardinality and collection is None:
            raise PropertyRefused("a multi-instance activity needs a loop cardinality or a camunda:collection",
                                  "loopCardinality", node=self.node, file_name=self.filename)  # type: ignore[attr-defined]
        params = {
            "task_spec": "",
            "cardinality": cardinality[0].text if cardinality else None,
            "data_input": self._collection_reference(collection),
            "input_item": TaskDataReference(element_variable) if element_variable else None,
            "condition": condition[0].text if condition else None,
        }
        original = self.spec.task_specs.pop(self.task.name)
        self.task = self._loop_spec(original, loop_characteristics, params)
        self._copy_task_attrs(original, loop_characteristics)  # type: ignore[attr-defined]

    def _loop_spec(self, original: Any, loop_characteristics: etree._Element, params: dict[str, Any]) -> Any:
        """Return the loop spec standing for the drawn task (a parser may loop its tasks its own way)."""
        loop_class = (CamundaSequentialLoop if loop_characteristics.get("isSequential") == "true"
                      else CamundaParallelLoop)
        return loop_class(self.spec, original.name, **params)

    def _collection_reference(self, collection: str | None) -> TaskDataReference | None:
        """Return the reference to the collection variable, refusing what is not one variable."""
        if collection is None:
            return None
        name = collection_variable(collection)
        if name is None:
            raise PropertyRefused(
                f"camunda:collection '{collection}' must name one variable (`items` or `${{items}}`); "
                "compute the list in an earlier step and name it here", "camunda:collection",
                node=self.node, file_name=self.filename)  # type: ignore[attr-defined]
        return TaskDataReference(name)
