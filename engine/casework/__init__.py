"""The work on cases: starting them, human tasks and the inbox over them, send-back and
recall (returns, resubmission), transfer, delegation and urging (handover), copies of cases
(copies: 抄送 read access), drafts, documents, rounds, recommendation lists,
public-notice objections, notifications and the message centre over them (messages),
read-only reports, official documents of decisions (decisions, numbering: 文号 and letters)
and what the public sees of them (publication), opinions and comments (comments: 办理意见),
common phrases (phrases: 常用语) and the approval sheet of a case's steps (approval_sheet: 审批单)."""
