// The panel's words: zh-CN (the page's default) and English, chosen by the page's language.
const ZH = {
  "Demonstration zone": "示范区属性", "Form": "表单", "Stage": "阶段", "Due": "期限",
  "Due in working days": "期限（工作日）", "Round": "评估轮次", "Assignee variable": "办理人变量",
  "Prune finished iterations": "精简已完成的循环", "Send back to": "可退回至",
  "Timer": "定时器", "Type": "类型", "Date": "日期", "Duration": "时长", "Cycle": "周期",
  "Expression": "表达式", "Condition": "条件", "Script": "脚本", "Script format": "脚本语言",
  "Script before": "前置脚本", "Script after": "后置脚本", "Collection": "集合（输入）",
  "Element variable": "元素变量", "Output collection": "输出集合", "Output element": "输出元素",
  "Called process": "调用的流程", "Message variable": "消息变量", "(none)": "（无）",
  "Enters the open evaluation round": "计入当前开放的评估轮次",
  "not a duration": "不是时长", "variable {name}": "变量 {name}",
  "variable {name} (default {value})": "变量 {name}（默认 {value}）",
  "repeats {n} times, every {every}": "重复 {n} 次，每 {every}", "repeats forever, every {every}": "无限重复，每 {every}",
  "year": "年", "month": "个月", "week": "周", "day": "天", "hour": "小时", "minute": "分钟", "second": "秒",
  "Python expression: a quoted ISO 8601 literal (\"P15D\") or a variable": "Python 表达式：带引号的 ISO 8601 字面量（\"P15D\"）或变量名",
  // bpmn-js-properties-panel's standard entries
  "General": "常规", "Name": "名称", "ID": "编号", "Documentation": "说明",
  "Element documentation": "元素说明", "Process documentation": "流程说明",
  "Multi-instance": "多实例", "Loop cardinality": "实例数", "Completion condition": "完成条件",
  "Message": "消息", "Global message reference": "消息引用", "Signal": "信号",
  "Global signal reference": "信号引用", "<none>": "（无）", "Create new ...": "新建…",
  "Version tag": "版本标签", "Executable": "可执行", "Process": "流程",
  "Participant": "参与者", "Process name": "流程名称", "Process ID": "流程编号",
  "User Task": "用户任务", "Script Task": "脚本任务", "Receive Task": "接收任务", "Task": "任务",
  "Call Activity": "调用活动", "Exclusive Gateway": "排他网关", "Parallel Gateway": "并行网关",
  "Inclusive Gateway": "包容网关", "Start Event": "开始事件", "End Event": "结束事件",
  "Terminate End Event": "终止结束事件", "Timer Intermediate Catch Event": "定时中间捕获事件",
  "Timer Boundary Event": "定时边界事件", "Signal Boundary Event": "信号边界事件",
  "Signal Intermediate Throw Event": "信号中间抛出事件", "Message Intermediate Catch Event": "消息中间捕获事件",
  "Timer Start Event": "定时开始事件", "Message Start Event": "消息开始事件",
  "Sequence Flow": "顺序流", "Conditional Flow": "条件流", "Default Flow": "默认流",
  "Lane": "泳道", "Collaboration": "协作", "Data Object Reference": "数据对象引用",
  // bpmn-js's palette and context pad
  "Activate create/remove space tool": "插入/删除空间", "Activate global connect tool": "连线工具",
  "Activate hand tool": "抓手工具", "Activate lasso tool": "框选工具", "Add lane above": "在上方添加泳道",
  "Add lane below": "在下方添加泳道", "Add text annotation": "添加文字注释", "Append end event": "追加结束事件",
  "Append gateway": "追加网关", "Append intermediate/boundary event": "追加中间/边界事件",
  "Append task": "追加任务", "Append receive task": "追加接收任务",
  "Append timer intermediate catch event": "追加定时中间捕获事件",
  "Append message intermediate catch event": "追加消息中间捕获事件",
  "Append signal intermediate catch event": "追加信号中间捕获事件", "Change element": "更改类型",
  "Connect to other element": "连接到其他元素", "Connect using association": "以关联连接",
  "Create data object reference": "创建数据对象引用", "Create data store reference": "创建数据存储引用",
  "Create end event": "创建结束事件", "Create expanded sub-process": "创建展开的子流程",
  "Create gateway": "创建网关", "Create group": "创建分组", "Create intermediate/boundary event": "创建中间/边界事件",
  "Create pool/participant": "创建池/参与者", "Create start event": "创建开始事件", "Create task": "创建任务",
  "Delete": "删除", "Divide into two lanes": "拆分为两个泳道", "Divide into three lanes": "拆分为三个泳道",
  "Errors": "错误", "Escalation": "升级", "Link": "链接", "Compensation": "补偿",
  // bpmn-js-bpmnlint's (the live checks)
  "Toggle linting overlays": "显示/隐藏检查标记", "Issues for child elements": "子元素的问题",
};

export function translator(lang) {
  const words = lang === "en" ? {} : ZH;
  return (template, replacements) => {
    const text = words[template] || template;
    return text.replace(/{([^}]+)}/g, (_, key) => (replacements || {})[key] ?? `{${key}}`);
  };
}
