"""Fuzz the API against its own OpenAPI document: no input makes it fail.

schemathesis generates requests from /api/schema/ and checks every response:
no 5xx, a documented status code and content type, and a body that matches the
documented schema. The database holds a full story so detail views and every
serializer field are exercised, not only the empty listings.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from khabar.api.schemas import openapi_document

schema = schemathesis.openapi.from_dict(openapi_document())
schema.app = get_wsgi_application()


@pytest.fixture(autouse=True)
def _keep_test_connection():
    # Like Django's test client: a request must not close the connection that
    # holds the test's transaction (schemathesis calls the WSGI app directly).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def newsroom(db, section):
    from khabar.news.services import breaking_create
    from tests.seo.stories import hidden_stories, rich_story

    story = rich_story(section)
    hidden_stories(section)
    breaking_create(headline="عاجل", article=story)


@schema.parametrize()
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_its_schema(case):
    case.call_and_validate(
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
        ]
    )
