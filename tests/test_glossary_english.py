"""The shipped glossaries leave English-only text alone: zero edits.

The call below is invented for this test. It is written to be a hard case: it talks
about cloud, AI models, margins, customers, Hong Kong, data and energy in plain English,
so that every conditional rule (figures nearby, AI context, segment kinds, fuzzy names)
gets a chance to misfire.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bitranscript import glossary
from bitranscript.model import Options
from bitranscript.pipeline import process

ROOT = Path(__file__).resolve().parents[1]

INVENTED_CALL = """\
Operator
Good morning and welcome to the Northwind Data Systems fourth quarter 2031 earnings call. \
At this time all lines are in listen-only mode. I will now hand the call over to Claire Donovan, head of investor relations.
Claire Donovan
Thank you, operator. With me today are Martin Osei, our chief executive officer, and Laura Kim, our chief financial officer. \
Some statements today are forward-looking and involve risks described in our annual report.
Martin Osei
Thanks, Claire. Growth was broad this quarter. Revenue rose 14% year over year to $2.1 billion, and our public cloud \
business grew faster than the market for the sixth quarter in a row. Public sector demand stayed healthy, and public \
health agencies signed several multi-year contracts. Our private cloud and hybrid offerings now serve 4,200 customers.
We keep investing in AI. Customers are training large models on our platform, and inference traffic doubled. We \
launched a copilot for support teams built on GPT-style models, and the first feedback from customers is encouraging. \
The PowerPoint deck on our website has the details, and the PPT version is there too.
Large data sets are moving to our storage tier, and our data centers in Hong Kong, Singapore and Frankfurt ran at \
high utilization. We saw negative energy prices in two markets during the quarter, which lowered our power bill.
Our mid-size customers grew faster than the largest ones. We also worked on our waistline, so to speak: headcount was \
flat and operating expenses fell as a share of revenue. The growth in margin came from mix and from lower power costs.
Laura Kim
Thank you, Martin. Gross margin was 61.8%, up 120 basis points. Gross profit reached $1.3 billion. Adjusted EBITDA \
was $640 million, a margin of 30.5%. Free cash flow was $410 million, and we bought back $150 million of stock. \
Our growth, margin discipline and cash generation give us room to invest. For the first quarter we expect revenue of \
$2.15 billion to $2.2 billion and a non-GAAP operating margin of about 24%.
Operator
Our first question comes from Kevin Zhou with Harbor Securities.
Kevin Zhou
Thanks for taking my question. Could you talk about the royal Kings of the cloud market and how you compete with them? \
And how should we think about the chat assistant and the GPU supply for next year?
Martin Osei
Sure, Kevin. The kings of cloud computing are large, but customers want a neutral partner. GPU supply has improved, \
and we expect our capacity to grow by about 40% next year. Thank you.
"""

CASES = {"invented call": INVENTED_CALL}
_EXAMPLE = ROOT / "examples" / "english_only_call.txt"
if _EXAMPLE.exists():
    CASES["examples/english_only_call.txt"] = _EXAMPLE.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(CASES))
def test_no_edits_on_english_only_call(name: str) -> None:
    result = process(CASES[name], Options(checks=False))
    assert [(e.before, e.after, e.rule) for e in result.edits] == []


@pytest.mark.parametrize("name", sorted(CASES))
def test_no_edits_even_without_segments(name: str) -> None:
    """Without detection's kinds (the strictest case) the glossary still edits nothing."""
    assert glossary.find(CASES[name], []) == []


def test_no_edits_on_python_documentation() -> None:
    """Half a megabyte of public English prose and code (Python's own pydoc topics)."""
    topics = pytest.importorskip("pydoc_data.topics")
    text = "\n".join(topics.topics.values())
    assert len(text) > 100_000
    assert [(e.before, e.after) for e in glossary.find(text, [])] == []
