"""A default value's source under the number tables: the cited document stays as cited, the
engine's status after it is the page's own words (English pages show no Chinese status)."""

from django.utils import translation

from tanhe.reports.table_display import source_words

CITED = "环办气候〔2021〕9号 附件：燃煤碳氧化率统一取99%（已核实）"


def test_chinese_pages_keep_the_engine_words():
    with translation.override("zh-hans"):
        assert source_words(CITED) == CITED


def test_english_pages_name_the_status_in_english():
    with translation.override("en"):
        assert source_words(CITED) == "环办气候〔2021〕9号 附件：燃煤碳氧化率统一取99% (Confirmed)"
        assert source_words("附录A（交叉核对）").endswith(" (Cross-checked)")
        assert source_words("附录A（未核实）").endswith(" (Unconfirmed)")
        assert source_words("a document") == "a document"  # no status: unchanged
