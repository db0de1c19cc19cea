import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tanhe.calculator import services
from tanhe.calculator.models import Calculation

from .conftest import BAD_NUMBER, EXAMPLES

pytestmark = pytest.mark.django_db
CALCULATOR = "/calculator/"


def upload(client, data: bytes, name: str = "plant.json", **extra):
    return client.post(
        CALCULATOR, {"file": SimpleUploadedFile(name, data, "application/json")}, **extra
    )


def test_landing_page_explains_and_links_to_calculator(client):
    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "碳核" in html
    assert 'lang="zh-Hans"' in html
    assert f'href="{CALCULATOR}"' in html


def test_calculator_page_has_the_form(client):
    response = client.get(CALCULATOR)

    assert response.status_code == 200
    html = response.content.decode()
    assert 'type="file"' in html
    assert "<textarea" in html
    assert 'enctype="multipart/form-data"' in html


def test_valid_upload_redirects_to_result(client, issue_example_bytes):
    response = upload(client, issue_example_bytes, "issue-example.json")

    calc = Calculation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/calculator/r/{calc.key}/"
    assert len(calc.key) >= 24 and calc.owner is None and calc.expires_at is not None
    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert "信息汇总表" in html
    assert "228810.90" in html
    assert "228518.74" in html
    assert "292.16" in html
    assert "计算过程" in html
    assert "<details" in html
    assert "实测值" in html and "缺省值" in html and "计算值" in html
    assert "已核实" in html and "未核实" in html
    assert "环办气候函〔2023〕43号" in html  # the grid factor's document


def test_pasted_text_works_like_a_file(client, issue_example_bytes):
    response = client.post(CALCULATOR, {"text": issue_example_bytes.decode("utf-8")}, follow=True)

    assert response.status_code == 200
    assert "228810.90" in response.content.decode()
    assert Calculation.objects.count() == 1


def test_json_number_rerenders_form_with_located_messages(client):
    response = upload(client, BAD_NUMBER)

    assert response.status_code == 200
    html = response.content.decode()
    assert "数值必须写成字符串" in html
    assert "units[0].capacity_mw" in html
    assert 'type="file"' in html  # the form is shown again
    assert Calculation.objects.count() == 0


def test_pasted_bad_text_is_kept_in_the_textarea(client):
    response = client.post(CALCULATOR, {"text": '{"format": "tanhe.plant-year/1",'})

    assert response.status_code == 200
    html = response.content.decode()
    assert "不是有效的 JSON" in html
    assert "tanhe.plant-year/1" in html
    assert Calculation.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "上传的文件是空的"),
        ('{"名称": "示例"}'.encode("gbk"), "不是 UTF-8 编码"),
        (b" " * (services.MAX_INPUT_BYTES + 1), "上限为 5 MB"),
    ],
    ids=["empty", "gbk", "too-large"],
)
def test_unusable_upload_is_refused_with_a_clear_message(client, data, message):
    response = upload(client, data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert Calculation.objects.count() == 0


def test_nothing_given_asks_for_a_file(client):
    response = client.post(CALCULATOR, {})

    assert response.status_code == 200
    assert "请选择一个 JSON 文件" in response.content.decode()


def test_finding_4_nobody_sees_anothers_calculation(client, issue_example_bytes):
    """Finding 4: /calculator/ listed every upload's enterprise, code and total to anonymous
    visitors, and /calculator/<n>/input.json served any input by sequential id."""
    upload(client, issue_example_bytes)
    mine = Calculation.objects.get()
    stranger = Client()

    own_page = client.get(CALCULATOR).content.decode()
    assert f'href="/calculator/r/{mine.key}/"' in own_page and "示例发电有限公司" in own_page
    other_page = stranger.get(CALCULATOR).content.decode()
    assert "示例发电有限公司" not in other_page and "228810.90" not in other_page
    assert mine.key not in other_page
    for url in (f"/calculator/{mine.pk}/", f"/calculator/{mine.pk}/input.json"):
        assert stranger.get(url).status_code == 404
    # the key is the uploader's capability: a wrong one finds nothing
    assert stranger.get(f"/calculator/r/{mine.key[:-1]}x/").status_code == 404


def test_a_signed_in_users_calculations_are_theirs_alone(
    client, issue_example_bytes, django_user_model
):
    owner = django_user_model.objects.create_user("calc-owner", password="x")
    other = django_user_model.objects.create_user("calc-other", password="x")
    client.force_login(owner)
    upload(client, issue_example_bytes)
    calc = Calculation.objects.get()
    assert (calc.owner, calc.expires_at) == (owner, None)

    assert client.get(f"/calculator/r/{calc.key}/").status_code == 200
    neighbour = Client()
    neighbour.force_login(other)
    assert neighbour.get(f"/calculator/r/{calc.key}/").status_code == 404  # even with the key
    assert neighbour.get(f"/calculator/r/{calc.key}/input.json").status_code == 404
    assert "示例发电有限公司" not in neighbour.get(CALCULATOR).content.decode()


def test_anonymous_results_expire(client, issue_example_bytes):
    upload(client, issue_example_bytes)
    calc = Calculation.objects.get()
    Calculation.objects.filter(pk=calc.pk).update(expires_at=timezone.now())

    assert client.get(f"/calculator/r/{calc.key}/").status_code == 404
    assert services.purge_expired() == 1


def test_demo_examples_are_public(client, issue_example_bytes):
    example = services.run_calculation(issue_example_bytes, example=True)

    page = Client().get(CALCULATOR).content.decode()

    assert 'id="examples"' in page and f'href="/calculator/r/{example.key}/"' in page
    assert Client().get(f"/calculator/r/{example.key}/").status_code == 200


def test_uploads_are_rate_limited_per_client(client, issue_example_bytes, settings):
    settings.TANHE_RATE_LIMITS = {"calculator.ip": (2, 600)}
    for _ in range(2):
        assert upload(client, issue_example_bytes).status_code == 302

    refused = upload(client, issue_example_bytes)

    assert refused.status_code == 200
    assert "计算请求过于频繁，请稍后再试。" in refused.content.decode()
    assert Calculation.objects.count() == 2
    assert upload(Client(REMOTE_ADDR="192.0.2.44"), issue_example_bytes).status_code == 302


def test_downloads(client, issue_example_bytes):
    upload(client, issue_example_bytes)
    calc = Calculation.objects.get()

    result = client.get(reverse("calculator:result_json", args=[calc.key]))
    original = client.get(reverse("calculator:input_json", args=[calc.key]))

    assert result.status_code == 200
    assert result["Content-Type"].startswith("application/json")
    assert "attachment" in result["Content-Disposition"]
    assert json.loads(result.content) == calc.result_json
    assert original.status_code == 200
    assert original.content == issue_example_bytes


def test_missing_calculation_is_404(client):
    assert client.get("/calculator/r/nothing-here/").status_code == 404
    assert client.get("/calculator/r/nothing-here/result.json").status_code == 404


def test_english_via_set_language(client, issue_example_bytes):
    calc = services.run_calculation(issue_example_bytes, example=True)
    detail = f"/calculator/r/{calc.key}/"

    response = client.post("/i18n/setlang/", {"language": "en", "next": detail}, follow=True)

    html = response.content.decode()
    assert response.status_code == 200
    assert 'lang="en"' in html
    assert "Summary table" in html
    assert "Calculation steps" in html
    assert "Parameters used" in html
    assert "Measured" in html
    assert "Coal-fired unit" in html
    assert "228810.90" in html
    assert "信息汇总表" not in html


def test_english_via_accept_language(client):
    response = client.get(CALCULATOR, headers={"accept-language": "en-US,en;q=0.9"})

    html = response.content.decode()
    assert "Calculator" in html
    assert "Upload a JSON file" in html


def test_chinese_browser_gets_chinese(client):
    response = client.get(CALCULATOR, headers={"accept-language": "zh-CN,zh;q=0.9"})

    assert "上传 JSON 文件" in response.content.decode()


def test_input_errors_in_english(client):
    response = upload(client, BAD_NUMBER, headers={"accept-language": "en"})

    html = response.content.decode()
    assert "numbers must be JSON strings" in html
    assert Calculation.objects.count() == 0


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.json")), ids=lambda p: p.name)
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_example_renders(client, path, language):
    """Every shipped example is either calculated and shown, or refused with messages."""
    client.cookies["django_language"] = language
    response = upload(client, path.read_bytes(), path.name, follow=True)

    assert response.status_code == 200
    html = response.content.decode()
    if Calculation.objects.exists():
        calc = Calculation.objects.get()
        assert calc.result_json["total_emissions_tco2"] in html
    else:
        assert 'id="input-errors"' in html


@pytest.mark.parametrize("key", ["a%00b", "..%2F..", "x" * 40, "%E4%B8%AD"])
def test_malformed_keys_are_404(client, key):
    for suffix in ("", "result.json", "input.json"):
        assert client.get(f"/calculator/r/{key}/{suffix}").status_code == 404
