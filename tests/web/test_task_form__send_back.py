"""退回 and 撤回 on the task pages, in Chinese: the clerk sends the application back with a
reason, the applicant finds it with what it submitted filled in and the reason shown, and
after submitting again may recall it from the case page while the review is untouched."""
from tests.helpers.api_journey import APPLICATION, apply, open_task
from tests.helpers.page_client import csrf, login

REASON = "佐证材料不全，请补充。"


def test_a_clerk_sends_back_and_the_applicant_resubmits_then_recalls(app, api):
    case_id = apply(api("app-yuncheng"))
    review = open_task(api("prov-shanxi"), "initial_review", case_id)["id"]
    clerk = login(app.test_client(), "prov-shanxi")
    page = clerk.get(f"/tasks/{review}").data.decode()
    assert "退回至" in page and '<option value="application">填写创建申请表</option>' in page

    blank = clerk.post(f"/tasks/{review}/return", data={"to": "application", "reason": " ",
                                                        "csrf_token": csrf(page)}, follow_redirects=True)
    assert "请填写退回理由" in blank.data.decode()
    assert open_task(api("prov-shanxi"), "initial_review", case_id)["id"] == review  # nothing moved
    sent = clerk.post(f"/tasks/{review}/return", data={"to": "application", "reason": REASON,
                                                       "csrf_token": csrf(page)})
    assert sent.status_code == 302 and sent.headers["Location"].endswith(f"/cases/{case_id}")
    timeline = clerk.get(f"/cases/{case_id}").data.decode()
    assert "已退回：“填写创建申请表”已重新打开。" in timeline and f"→ 填写创建申请表（{REASON}）" in timeline
    done = clerk.get(f"/tasks/{review}").data.decode()
    assert "将本任务退回至“填写创建申请表”" in done and REASON in done

    applicant = login(app.test_client(), "app-yuncheng")
    task = open_task(api("app-yuncheng"), "application", case_id)["id"]
    form = applicant.get(f"/tasks/{task}").data.decode()
    assert "从“申报材料初审”退回" in form and REASON in form and "已填入上次提交的内容" in form
    assert f'value="{APPLICATION["contact_person"]}"' in form  # the data last submitted
    assert APPLICATION["plan_summary"] in form
    assert 'id="send-back"' not in form  # the application declares no earlier step

    fields = {**APPLICATION, "creation_plan": "\n".join(APPLICATION["creation_plan"])}
    for name in ("condition_platform_economy_evidence", "condition_regulation_evidence",
                 "condition_innovation_evidence"):
        fields[name] = "\n".join(APPLICATION[name])
    submitted = applicant.post(f"/tasks/{task}", data={**fields, "action": "submit", "csrf_token": csrf(form)})
    assert submitted.status_code == 302, submitted.data.decode()[:2000]
    case_page = applicant.get(f"/cases/{case_id}").data.decode()
    again = open_task(api("prov-shanxi"), "initial_review", case_id)
    assert again["assignee"] == "prov-shanxi"  # back to the clerk who sent it back, untouched
    assert 'id="recall-form"' in case_page and "您已提交“填写创建申请表”，下一环节尚未办理。" in case_page
    recalled = applicant.post(f"/tasks/{task}/recall", data={"csrf_token": csrf(case_page)}, follow_redirects=True)
    assert "已撤回：该任务已重新由您办理。" in recalled.data.decode()
    assert open_task(api("app-yuncheng"), "application", case_id)["assignee"] == "app-yuncheng"

    form = applicant.get(f"/tasks/{task}").data.decode()
    assert "app-yuncheng 于" in form and "撤回。" in form
    applicant.post(f"/tasks/{task}", data={**fields, "action": "submit", "csrf_token": csrf(form)})
    review = open_task(api("prov-shanxi"), "initial_review", case_id)
    assert review["assignee"] == "prov-shanxi"  # still comes back to the sender
    assert clerk.post(f"/tasks/{review['id']}/claim", data={"csrf_token": csrf(page)}).status_code == 302
    case_page = applicant.get(f"/cases/{case_id}").data.decode()
    assert 'id="recall-form"' not in case_page  # the clerk took it up
    refused = applicant.post(f"/tasks/{task}/recall", data={"csrf_token": csrf(case_page)}, follow_redirects=True)
    assert "已由 prov-shanxi 认领" in refused.data.decode()  # the page speaks Chinese
