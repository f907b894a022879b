from reports.finders import STATIC_PATH, PlotlyFinder


def test_plotly_finder_finds_plotly_min_js_from_the_installed_package():
    finder = PlotlyFinder()
    found = finder.find(STATIC_PATH)
    assert found.endswith("plotly.min.js")
    assert finder.find(STATIC_PATH, find_all=True) == [found]
    assert finder.find("vendor/plotly/other.js") == []
    assert finder.check() == []


def test_a_missing_static_file_is_still_none_with_the_plotly_finder_installed():
    from django.contrib.staticfiles import finders

    assert finders.find("no/such/file.css") is None


def test_plotly_finder_lists_the_file_under_its_prefix_for_collectstatic():
    [(path, storage)] = list(PlotlyFinder().list([]))
    assert (storage.prefix, path) == ("vendor/plotly", "plotly.min.js")
    assert storage.exists(path)
