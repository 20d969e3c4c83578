"""Chart data embedded in pages cannot break out of their <script> block."""

from __future__ import annotations

import json

from cityclimate.web.page import script_json


def test_user_text_cannot_close_the_script_tag() -> None:
    data = {"x": ["</script><script>alert(1)</script>", "A & B"]}
    text = script_json(data)
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == data
