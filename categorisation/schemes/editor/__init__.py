"""The scheme editor: a scheme's rules as a form (`state`), turned into the JSON the engine
reads and checked by the engine's own validation (`build`)."""

from categorisation.schemes.editor.build import Built, build
from categorisation.schemes.editor.state import (
    UNDETERMINED,
    Draft,
    apply,
    draft_from_definition,
    draft_from_post,
)

__all__ = ["UNDETERMINED", "Built", "Draft", "apply", "build", "draft_from_definition",
           "draft_from_post"]
