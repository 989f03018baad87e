"""The sitemap as a crawler reads it: the index at /sitemap.xml, then every file it names."""

import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def sitemap_files(client):
    """The addresses of the sitemap files the index names, checked to be this site's."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{SITEMAP}sitemapindex"
    return [item.findtext(f"{SITEMAP}loc") for item in root.findall(f"{SITEMAP}sitemap")]


def sitemap_urls(client):
    """{address: lastmod} of every <url> in every sitemap file, in the files' order."""
    urls = {}
    for location in sitemap_files(client):
        parts = urlsplit(location)
        assert parts.netloc == "testserver", location
        response = client.get(parts.path + (f"?{parts.query}" if parts.query else ""))
        assert response.status_code == 200, location
        for url in ET.fromstring(response.content).findall(f"{SITEMAP}url"):
            urls[url.findtext(f"{SITEMAP}loc")] = url.findtext(f"{SITEMAP}lastmod")
    return urls
