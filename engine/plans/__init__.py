"""Creation plans (创建方案): the plan and its reporting periods, member units' progress work,
the office's dashboard, spreadsheet import, example plans and overdue-report reminders."""
