"""The demo's fixed texts, in Chinese as the programme writes them.

For the seeds' four regions the statements quote their own plans (/work/shared/seeds/000,
001, 003, 004, the documents seeds/README.md lists); 许昌市 speaks through 禹州市's action
plan, the only Xuchang document among the seeds. The regions the programme adds have no
source document, so their texts stay general: they claim no figures for a real place.
Contact numbers are placeholders.
"""

SEEDED = {
    "yuncheng": {
        "contact": ("李建国", "0359-0000101"),
        "plan": "《运城市创建全国网络市场监管与服务示范区工作方案》（2022年12月16日印发）",
        "platform": "立足运城农产品丰富、特色产业多样、电商氛围浓厚等优势，以各县（市、区）规模电商为龙头，"
                    "依托本地电商孵化基地、电商服务中心、乡镇电商服务站，促进网络直播带货电商和其他各类电商稳步健康发展。",
        "regulation": "依托运城市网络市场监管局际联席会议制度，建立政府主导、部门协作的工作领导机制，健全完善"
                      "“各司其职、密切配合、齐抓共管”的协作推进机制；创建工作领导小组办公室设在市市场监管局。",
        "innovation": "创新“互联网+”监管手段，开展信用监管、数字化监管、协同监管，升级事前、事中、事后全链条监管；"
                      "创新“互联网+”消费维权模式，探索多元纠纷调解机制。",
        "summary": "用两年时间，围绕“创环境、促发展、强监管、优服务”总目标，部署促进网络经济高效发展、规范网络市场"
                   "监管体系、优化网络营商环境、探索网络监管创新四个方面22项主要任务。",
    },
    "yongchuan": {
        "contact": ("周晓梅", "023-00000102"),
        "plan": "《重庆市永川区创建“全国网络市场监管与服务示范区”总体方案》（永川府办发〔2023〕14号）",
        "platform": "依托重庆云谷·永川大数据产业园，大力发展数字经济、网络经济，聚力电商产业、跨境电商、农村电商三大领域，"
                    "创建市级网货生产基地，培育市级电子商务示范企业。",
        "regulation": "坚持线上线下监管一体化、行业主管与业务监管相协作、监管方式与大数据等技术手段相融合，优化一站式企业服务，"
                      "强化事前指导、事中督促、事后查处，完善信用分类分级监管体系。",
        "innovation": "推动数字内容在电商行业的应用，加快推进内容制作、视频技术、直播场景等“一站式”直播基础设施建设，"
                      "形成有效衔接、高效协同的新型电商集聚区。",
        "summary": "24项工作任务和具体举措，附创建评估指标体系任务分解表：41项三级指标逐项明确牵头单位和责任单位。",
    },
    "yangpu": {
        "contact": ("陈思远", "021-00000103"),
        "plan": "《上海市杨浦区创建“全国网络市场监管与服务示范区”实施方案》（2023年6月13日印发）",
        "platform": "布局元宇宙、绿色低碳、智能终端等新赛道，细化数字经济产业地图；启动大创智数字经济总部基地建设，"
                    "积极融入“中环数字产业创新带”。",
        "regulation": "推广运用“网络交易监测监管五级贯通系统”，完善网络经营主体数据库，加强异地协查协作；"
                      "运用第三方监测取证技术，提高网络监管效率。",
        "innovation": "充分运用数字技术提升监管智能化水平，运用多源数据为市场主体精准“画像”，强化风险研判与预测预警。",
        "summary": "力争用一年时间完成创建，从促进产业发展、规范监管体系、优化服务能力、探索创新实践四个方面部署20项重点任务。",
    },
    "xuchang": {
        "contact": ("王海峰", "0374-0000104"),
        "plan": "《许昌市创建全国网络市场监管与服务示范区总体方案》（许政办〔2022〕20号）",
        "platform": "所辖禹州市依托钧瓷、中医药产业、板框压滤机械设备、“三粉”等产业优势，引进和培育直播电商，"
                    "引导和鼓励各类市场主体依托互联网加快发展。",
        "regulation": "坚持“依法管网、以网管网、信用管网、协同管网”原则，依托“网络交易监测监管五级贯通系统”"
                      "“红盾云桥政企协同平台”等，创新网络市场监管方式。",
        "innovation": "对新业态、新领域实施“包容审慎监管”，协同推进“线上线下一体化”监管。",
        "summary": "全市统筹推进，所辖县（市、区）制定配套行动方案，如《许昌市创建全国网络市场监管与服务示范区禹州市"
                   "行动方案》（禹政办〔2023〕6号）部署做大做强网络市场、创新规范监管机制、促进网络市场高质量发展13项主要任务。",
    },
}

CONTACTS = {"taiyuan": ("赵立新", "0351-0000105"), "datong": ("孙红梅", "0352-0000106"),
            "yubei": ("刘洋", "023-00000107"), "jiangbei": ("何静", "023-00000108"),
            "xuhui": ("吴佳怡", "021-00000109"), "pudong": ("郑浩", "021-00000110"),
            "zhengzhou": ("马晓东", "0371-0000111"), "luoyang": ("杨帆", "0379-0000112"),
            "kaifeng": ("高峰", "0378-0000113")}


def _general(name):
    """Statements for a region without a source document: what Art 6 asks, nothing more."""
    return {
        "plan": f"《{name}创建全国网络市场监管与服务示范区工作方案》",
        "platform": f"{name}已制定平台经济和电子商务发展规划，出台支持网络经营主体发展的配套政策，"
                    "直播电商、跨境电商等新业态加快发展。",
        "regulation": f"{name}建立网络市场监管部门联席会议制度，统筹线上线下一体化监管，畅通网络消费投诉举报渠道。",
        "innovation": f"{name}探索信用分类监管和“互联网+”监管方式，依托网络交易监测系统开展风险预警，推动政企协同共治。",
        "summary": "围绕促进发展、规范监管、优化服务、探索创新四个方面部署重点任务，定期调度推进。",
    }


def region_texts(code, name):
    texts = dict(SEEDED.get(code) or _general(name))
    texts.setdefault("contact", CONTACTS.get(code, ("联络员", "010-00000100")))
    return texts


def application(code, name, period):
    """The creation application form (bpmn/forms/creation_application.json)."""
    t = region_texts(code, name)
    return {
        "contact_person": t["contact"][0], "contact_phone": t["contact"][1],
        "condition_platform_economy": t["platform"],
        "condition_platform_economy_evidence": [f"{name}平台经济发展规划及支持政策文件"],
        "condition_regulation": t["regulation"],
        "condition_regulation_evidence": [f"{name}网络市场监管联席会议制度文件", "近三年网络消费投诉处理情况统计"],
        "condition_innovation": t["innovation"],
        "condition_innovation_evidence": [f"{name}网络市场监管与服务创新举措说明"],
        "plan_summary": t["plan"] + "：" + t["summary"],
        "creation_plan": [t["plan"]],
        "creation_period": period,
        "materials": [f"{name}人民政府创建申请函", "近三年未发生重大网络市场违法案件的说明"],
    }


def evaluation_application(code, name, total):
    t = region_texts(code, name)
    return {"application_summary": f"{name}创建期内按{t['plan']}推进各项任务，对照评估指标体系自评{total}分，"
                                   "各一级指标得分率均不低于75%，申请评估。",
            "evaluation_materials": [f"{name}创建工作自评报告", "创建方案任务完成情况台账"],
            "contact_person": t["contact"][0], "contact_phone": t["contact"][1]}


# creation reports of the regions (form creation_report): (kind, title, content)
CREATION_REPORTS = {
    "yuncheng": [
        ("progress", "运城市示范区创建工作2023年进展",
         "创建工作领导小组办公室（设在市市场监管局）定期调度方案22项主要任务，各成员单位每半年报送进展；"
         "出台促进和规范网络市场发展的政策，完善电商扶持政策。"),
        ("highlight", "发挥电商孵化基地和乡镇电商服务站的集聚作用",
         "发挥盐湖高新技术产业开发区、各县（市、区）电商孵化基地、电商服务中心、乡镇电商服务站的集聚作用，"
         "打造产业集群，培育特色电商集群。"),
        ("progress", "运城市示范区创建工作2024年进展",
         "依托市场监管总局网络市场智慧监管平台，进一步健全网络经营主体库；对首次且未造成明显后果的违法行为，"
         "依法实施“首违不罚”。"),
    ],
    "yongchuan": [
        ("progress", "永川区创建工作进展（2023年第四季度）",
         "对照创建评估指标体系任务分解表，41项三级指标已逐项落实到牵头单位和责任单位，区商务委牵头推进电子商务产业园提质升级。"),
        ("highlight", "建设市级名优网货生产基地",
         "依托纸业产业龙头企业，打造纸业产品网销品牌；依托永川秀芽、永川豆豉、食用菌、花椒等产业优势，打造网销食品生产基地。"),
        ("progress", "永川区创建工作进展（2024年）",
         "坚持线上线下监管一体化，完善信用分类分级监管体系，总结在招商引资、产业建设、监管服务等方面可复制可推广的经验。"),
    ],
    "xuchang": [
        ("progress", "许昌市创建工作进展：县（市、区）配套方案",
         "禹州市印发《许昌市创建全国网络市场监管与服务示范区禹州市行动方案》（禹政办〔2023〕6号），"
         "部署便捷网络经营主体准入、持续推进电商园区建设、培育发展平台经济、大力发展农村电商等13项主要任务。"),
        ("highlight", "为电子商务及相关行业开辟“电商绿色通道”",
         "简化电子商务企业注册流程，深化“证照分离”“一址多照”“一照多址”改革，扩大网络经营主体数量和规模。"),
        ("progress", "许昌市创建工作进展（2024年）",
         "以电商进农村综合示范项目为基础，加快推进网络基础设施与配套服务项目建设，畅通钧瓷、中医药产业、“三粉”等产品线上销售渠道。"),
    ],
    "yangpu": [
        ("progress", "杨浦区创建工作进展（2023年）",
         "探索建立区域数字经济发展常态化监测指标体系，聚焦重点领域布局数字经济“一区一赛道”，谋划配套政策。"),
        ("highlight", "围绕重点高校打造数字创新经济圈",
         "发挥复旦大学、同济大学等双一流高校创新要素和人才集聚的生态优势和学科优势，构建网络经济合作生态圈。"),
    ],
}


def creation_reports(code, name):
    return CREATION_REPORTS.get(code) or [
        ("progress", f"{name}示范区创建工作阶段进展",
         f"{name}创建工作领导小组定期调度创建方案各项任务，建立任务台账，逐项明确责任单位和完成时限。"),
        ("highlight", f"{name}推进线上线下一体化监管",
         "统筹线上线下监管任务，按照线上线下职能一致、业务归口一致的原则部署工作，形成监管合力。"),
    ]


def report_form(kind, title, content):
    return {"action": "report", "report_kind": kind, "report_title": title, "report_content": content}


APPROVAL = "经审核，申报材料真实完整，创建方案目标明确、任务具体，同意开展网络市场监管与服务示范区创建（第九条）。"
PREREVIEW = "经资料审查、数据比对和实地核查，评估申请材料齐全，自评结果基本属实，初审合格，报市场监管总局。"
EXPERT_OPINIONS = {
    "expert1": "创建方案任务完成较好，网络市场监管机制健全，平台经济发展质效明显，建议评估合格。",
    "expert2": "材料翔实，线上线下一体化监管成效突出；个别定量指标佐证材料可进一步完善。",
    "expert3": "创新举措具有地方特色，可复制可推广，消费维权和信用监管工作扎实。",
}
EXPERT_FAIL_OPINIONS = {
    "expert1": "平台经济发展质效类指标佐证不足，网络交易监测数据与统计数据口径不一，建议评估不合格。",
    "expert2": "规范监管类指标得分偏低，消费纠纷在线化解率未达创建方案目标。",
    "expert3": "创新举措尚处试点阶段，可复制可推广的经验不多，建议整改后再次申请评估。",
}
EVALUATION_FAIL = "经资料审查、数据比对和专家评估，专家评分平均未达85分，规范监管、平台经济发展质效等指标未达到评估要求，评估不合格。"
EARLY_CONSENT = "创建任务已基本完成，同意提前开展自评（第十二条）。"
EVALUATION_PASS = "经资料审查、数据比对、实地核查和专家评估，综合考虑示范区创建代表性、区域引领带动作用、平台经济发展质效，评估合格。"


def notice(name):
    return {"notice_title": f"网络市场监管与服务示范区建议名单公示（{name}）",
            "notice_content": f"根据《网络市场监管与服务示范区创建管理办法》第十五条，经评估，{name}评估合格，"
                              "现将示范区建议名单予以公示，公示期15天。公示期间，任何单位和个人可通过本网站提出异议，"
                              "并提供具体事实和联系方式。"}


def certification(day):
    """The number (文号) is issued by the engine in SAMR's pattern."""
    return {"certified_on": day,
            "announcement": "公示期满，社会无异议或者经核实异议不成立，经市场监管总局批准，认定为网络市场监管与服务示范区（第十六条）。"}
