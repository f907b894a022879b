import pytest

from tests.unit.ladder.rubric_docs import load_doc_via_load_rubrics


@pytest.fixture
def load_doc(tmp_path, db):
    """load_doc(document) writes it to a file, runs load_rubrics, returns the Framework."""
    return lambda document: load_doc_via_load_rubrics(tmp_path, document)
