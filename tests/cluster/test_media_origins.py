"""Media on S3 is on another origin than the site: the CSP must allow exactly where
django-storages points image and media URLs (settings: s3_media_origins, MEDIA_ORIGINS)."""

import runpy
from urllib.parse import urlsplit

import pytest
from storages.backends.s3 import S3Storage

from config.settings import base as base_settings
from config.settings.base import s3_media_origins

BUCKET = "kaiku-media"


@pytest.mark.parametrize(
    "env",
    [
        {"AWS_S3_ENDPOINT_URL": "http://127.0.0.1:9000"},
        {"AWS_S3_ENDPOINT_URL": "https://s3.example.fi", "AWS_S3_REGION_NAME": "fi-1"},
        {"AWS_S3_REGION_NAME": "eu-north-1"},
        {},
        {"AWS_S3_CUSTOM_DOMAIN": "media.kaikukortti.fi"},
    ],
    ids=["loopback endpoint", "S3-compatible service", "AWS with region", "AWS", "custom domain"],
)
def test_media_urls_point_to_an_origin_the_csp_allows(env):
    env = {"AWS_STORAGE_BUCKET_NAME": BUCKET, **env}
    storage = S3Storage(
        bucket_name=BUCKET,
        endpoint_url=env.get("AWS_S3_ENDPOINT_URL"),
        region_name=env.get("AWS_S3_REGION_NAME"),
        custom_domain=env.get("AWS_S3_CUSTOM_DOMAIN"),
        access_key="test",
        secret_key="test",  # noqa: S106
        querystring_auth=True,
    )
    url = urlsplit(storage.url("images/kajaanin-uimahalli.jpg"))
    assert f"{url.scheme}://{url.netloc}" in s3_media_origins(env)


def test_a_bucket_puts_its_origin_into_the_csp_and_outlives_varnish(monkeypatch):
    monkeypatch.setenv("AWS_STORAGE_BUCKET_NAME", BUCKET)
    monkeypatch.setenv("AWS_S3_ENDPOINT_URL", "http://127.0.0.1:9000")
    base = runpy.run_path(
        base_settings.__file__
    )  # the settings as a server with a bucket reads them
    assert base["STORAGES"]["default"]["BACKEND"] == "storages.backends.s3.S3Storage"
    directives = base["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]
    assert "http://127.0.0.1:9000" in directives["img-src"]
    assert "http://127.0.0.1:9000" in directives["media-src"]
    # Signed links in a page Varnish keeps (s-maxage) still work when it serves the page at the
    # end of its life.
    expire = base["STORAGES"]["default"]["OPTIONS"]["querystring_expire"]
    assert expire > base["CACHE_PUBLIC_S_MAXAGE"]
