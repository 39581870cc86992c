# The same catalogue and year fixtures as the community tests (one definition).
from tests.community.conftest import item, sub_item, years  # noqa: F401
