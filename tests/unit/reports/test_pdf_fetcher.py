import pytest

from reports.pdf import BASE_URL, RefusedURL, StaticOnlyURLFetcher, static_path_for


def test_fetcher_serves_the_apps_own_static_files():
    response = StaticOnlyURLFetcher().fetch(f"{BASE_URL}static/reports/pdf.css")
    assert b"@page" in response.read()
    assert response.content_type == "text/css"


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/static/reports/pdf.css",
        "https://example.com/static/reports/pdf.css",
        "file:///etc/passwd",
        "file:///work/main/reports/static/reports/pdf.css",
        "data:text/css,body{}",
        "ftp://example.com/x.css",
        f"{BASE_URL}etc/passwd",
        f"{BASE_URL}static/../coprod/settings.py",
        f"{BASE_URL}static/%2e%2e/coprod/settings.py",
        f"{BASE_URL}static/reports/../../../etc/passwd",
        f"{BASE_URL}static//etc/passwd",
        f"{BASE_URL}static/reports/pdf.css?x=1",
        f"{BASE_URL}static/no/such/file.css",
        "https://coprod.internal.evil.example/static/reports/pdf.css",
    ],
)
def test_fetcher_refuses_everything_else(url):
    with pytest.raises(RefusedURL):
        static_path_for(url)
    fetcher = StaticOnlyURLFetcher()
    with pytest.raises(RefusedURL):
        fetcher.fetch(url)
    assert fetcher.refused == [url]
