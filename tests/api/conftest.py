import pytest


@pytest.fixture
def story(section):
    from tests.seo.stories import rich_story

    return rich_story(section)
