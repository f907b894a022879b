import pytest

from tests.unit.ladder.rubric_docs import load_doc_via_loaddata


@pytest.fixture
def load_doc(tmp_path, db):
    """load_doc(document) writes it to a file, runs loaddata, returns the Framework."""
    return lambda document: load_doc_via_loaddata(tmp_path, document)
