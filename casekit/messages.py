"""The one message catalogue: every sentence casekit says to a trainee, in Chinese and English.

Messages are looked up by key and filled with named fields, so the two languages always say
the same thing: ``say("unknown_client", "zh", client="C1", example="C00042")``.
"""

from __future__ import annotations

LANGS = ("en", "zh")

MESSAGES: dict[str, dict[str, str]] = {
    # Input errors (evaluation functions, notebook parameters).
    "bad_lang": {
        "en": "unknown language {value!r}: use 'en' or 'zh'",
        "zh": "未知语言 {value!r}：请使用 'en' 或 'zh'",
    },
    "not_a_table": {
        "en": "{what} should be a table (a pandas DataFrame) with the columns {columns}; got {got}",
        "zh": "{what}应为一张表（pandas DataFrame），包含列 {columns}；实际得到 {got}",
    },
    "missing_columns": {
        "en": "{what} needs the columns {columns}; it is missing {missing} (it has {has})",
        "zh": "{what}需要列 {columns}；缺少 {missing}（现有列：{has}）",
    },
    "empty_table": {
        "en": "{what} is empty: add at least one row with {columns}",
        "zh": "{what}是空的：请至少填写一行，包含 {columns}",
    },
    "unknown_client": {
        "en": "{what}: client id {client!r} is not in this book; client ids look like {example}",
        "zh": "{what}：客户编号 {client!r} 不在本行数据中；客户编号形如 {example}",
    },
    "unknown_prospect": {
        "en": "{what}: prospect id {prospect!r} is not in this book; prospect ids look like {example}",
        "zh": "{what}：潜在客户编号 {prospect!r} 不在本行数据中；潜在客户编号形如 {example}",
    },
    "too_many_visits": {
        "en": "{what} has {got} prospects; your team can visit at most {n}",
        "zh": "{what}中有 {got} 户潜在客户；团队最多只能拜访 {n} 户",
    },
    "too_many_calls": {
        "en": "{what} has {got} clients; the team can make at most {n} call-backs this quarter",
        "zh": "{what}中有 {got} 户客户；团队本季度最多只能回访 {n} 户",
    },
    "unknown_code": {
        "en": "{what}: {column} {value!r} is not a known code; use one of {allowed}",
        "zh": "{what}：{column} 的取值 {value!r} 不是有效代码；请使用 {allowed} 之一",
    },
    "missing_values": {
        "en": "{what}: column {column} has {count} empty value(s), first in row {row}; fill them in",
        "zh": "{what}：列 {column} 有 {count} 个空值，第一个在第 {row} 行；请补全",
    },
    "not_numbers": {
        "en": "{what}: column {column} must hold numbers; row {row} holds {value!r}",
        "zh": "{what}：列 {column} 应为数字；第 {row} 行为 {value!r}",
    },
    "not_in_range": {
        "en": "{what}: {column} must be a number from {lo:g} to {hi:g}; got {value!r}",
        "zh": "{what}：{column} 应为 {lo:g} 到 {hi:g} 之间的数字；实际为 {value!r}",
    },
    "what_rule": {"en": "the warning rule", "zh": "预警规则"},
    "bad_month": {
        "en": "{what}: month {value!r} is not a month of this book (YYYY-MM from {first} to {last})",
        "zh": "{what}：月份 {value!r} 不在本行数据期间内（YYYY-MM，{first} 至 {last}）",
    },
    "unknown_client_param": {
        "en": "client_id {client!r} is not in this book; try one of {examples}",
        "zh": "client_id {client!r} 不在本行数据中；可以试试 {examples}",
    },
    "case_bank_only": {
        "en": "{name} is one of the cases' own calculations, for the workbook's simulated banks; on your assessment bank, work it out yourself as the case shows",
        "zh": "{name} 是案例自带的计算，只用于工作簿的模拟银行；考核用的数据请按案例所示的方法自己计算",
    },
    "needs_truth": {
        "en": "this book was given without its hidden truth (an assessment pack): {what} can only be scored by the trainer",
        "zh": "本数据不含隐藏答案（考核包）：{what}只能由培训师评分",
    },
    "bad_number": {
        "en": "{what} must be a number, got {value!r}",
        "zh": "{what}应为数字，实际为 {value!r}",
    },
    # Exercise checks.
    "check_correct": {"en": "Correct.", "zh": "正确。"},
    "check_not_attempted": {
        "en": "Not attempted yet: replace ____ with your answer, then run the cell again.",
        "zh": "尚未作答：请把 ____ 替换为你的答案，再运行本单元格。",
    },
    "check_unsafe": {
        "en": "This answer cannot be checked: {reason}.",
        "zh": "无法检查这个答案：{reason}。",
    },
    "check_not_number": {
        "en": "Expected a number{unit}; got {got}.",
        "zh": "应为一个数字{unit}；实际得到 {got}。",
    },
    "check_number_off": {
        "en": "Not yet: {answer} is {direction} by {gap}{share}; answers within {tol} of the right figure count as right.",
        "zh": "还不对：{answer} {direction} {gap}{share}；与正确数字相差不超过 {tol} 即算正确。",
    },
    "check_number_dir": {
        "en": "Not yet: your figure is {direction}, {size}. Check which rows and which columns you used, or ask for a hint.",
        "zh": "还不对：你的数字{direction}，{size}。请检查用了哪些行、哪些列，或查看提示。",
    },
    "size_small": {"en": "but by less than 10%", "zh": "但相差不到 10%"},
    "size_medium": {"en": "by 10% to 50%", "zh": "相差 10% 到 50%"},
    "size_large": {"en": "by more than half", "zh": "相差一半以上"},
    "size_unknown": {"en": "where the right figure is zero", "zh": "而正确数字为零"},
    "tol_exact": {"en": "0 (the count must be exact)", "zh": "0（个数必须准确）"},
    "check_percent_not_rate": {
        "en": "Not yet: this looks like a percentage; give the change as a fraction (0.25 for +25%, -0.1 for -10%).",
        "zh": "还不对：这看起来是百分数；请把变化写成小数（+25% 写作 0.25，-10% 写作 -0.1）。",
    },
    "check_percent_not_share": {
        "en": "Not yet: this looks like a percentage; give the share as a number from 0 to 1 (0.25 for 25%).",
        "zh": "还不对：这看起来是百分数；请用 0 到 1 之间的小数作答（25% 写作 0.25）。",
    },
    "check_mistake": {
        "en": "Not yet: it looks as if {mistake}",
        "zh": "还不对：看起来{mistake}",
    },
    "too_high": {"en": "too high", "zh": "偏高"},
    "too_low": {"en": "too low", "zh": "偏低"},
    "check_pairs_off": {
        "en": "Not yet: you found {right} of the {expected} expected rows and listed {wrong} that should not be there ({score:.0%} credit).{missed}{extra}",
        "zh": "还不对：应有 {expected} 行，你找到了其中 {right} 行，另多列了 {wrong} 行不该有的（本题得 {score:.0%} 的分）。{missed}{extra}",
    },
    "rows_missed": {"en": " Missed, e.g.: {rows}.", "zh": "漏掉的如：{rows}。"},
    "rows_extra": {"en": " Wrongly listed, e.g.: {rows}.", "zh": "多列的如：{rows}。"},
    "rows_missing": {"en": " Missing rows: {rows}.", "zh": "缺少的行：{rows}。"},
    "rows_unexpected": {"en": " Rows not expected: {rows}.", "zh": "多出的行：{rows}。"},
    "check_ranking_off": {
        "en": "Not yet: the right clients, but not in the right order: {first} should come before {second} ({score:.0%} credit).",
        "zh": "还不对：客户选对了，但顺序不对：{first} 应排在 {second} 之前（本题得 {score:.0%} 的分）。",
    },
    "check_ranking_items": {
        "en": "Not yet: the ranking should list {n} items; yours lists {got}, and {missing} of the right ones are not among them. Not expected: {extra}.",
        "zh": "还不对：排序应列出 {n} 项；你列了 {got} 项，其中缺少 {missing} 个应有的。不应出现的：{extra}。",
    },
    "check_well_formed": {
        "en": "Well formed: your answer has the right shape. Your trainer will grade it.",
        "zh": "格式正确：答案的形式符合要求，将由培训师评分。",
    },
    "check_collected": {
        "en": "Collected for your trainer ({words} words). Reflections are not auto-graded.",
        "zh": "已提交给培训师（共 {words} 字）。心得体会不自动评分。",
    },
    "check_empty_text": {
        "en": "Write a few sentences of your own before submitting.",
        "zh": "请先写几句自己的思考再提交。",
    },
    "check_internal": {
        "en": "The checker could not grade this answer ({kind}). Tell your trainer; your answer was not lost.",
        "zh": "检查程序无法评分（{kind}）。请告诉培训师；你的答案没有丢失。",
    },
    "check_no_keys": {
        "en": "Well formed: your answer has the right shape and is recorded. This installation has no answer keys, so your trainer will grade it.",
        "zh": "格式正确：答案的形式符合要求，已记录。本环境未安装答案，将由培训师评分。",
    },
    "no_solution_without_keys": {
        "en": "This installation has no answer keys: ask your trainer for the worked answer.",
        "zh": "本环境未安装答案：参考答案请向培训师索取。",
    },
    "no_solution_in_assessment": {
        "en": "Solutions are not shown in assessment mode.",
        "zh": "考核模式下不显示参考答案。",
    },
    "no_more_hints": {
        "en": "No more hints: try the solution.",
        "zh": "没有更多提示了：可以查看参考答案。",
    },
    "check_not_a_list": {
        "en": "{what} should be a list, first place first, e.g. {example}; got {got}",
        "zh": "{what}应为一个列表，按先后排列，如 {example}；实际得到 {got}",
    },
    "check_too_many": {
        "en": "{what} may have at most {n} rows; yours has {got}. Keep the ones that matter most.",
        "zh": "{what}最多只能有 {n} 行，你的有 {got} 行。请只保留最重要的。",
    },
    "check_choice_unknown": {
        "en": "{got} is not one of the options: answer with one of {options}.",
        "zh": "{got} 不是可选项：请从 {options} 中选一个作答。",
    },
    "check_choice_off": {
        "en": "Not yet: {answer} is not the right choice. Look again at the evidence, or ask for a hint.",
        "zh": "还不对：{answer} 不是正确选项。请再看一遍证据，或查看提示。",
    },
    "check_duplicate_rows": {
        "en": "{what} has more than one row for {row}: give one row per key.",
        "zh": "{what}中 {row} 出现了不止一行：每个键只应有一行。",
    },
    "check_table_figure": {
        "en": " First figure off: {column} for {row} is {direction}{gap}.",
        "zh": "第一个不对的数：{row} 的 {column}{direction}{gap}。",
    },
    "check_table_off": {
        "en": "Not yet: of the {total} figures expected, {right} are right, {wrong} are off and {absent} are missing; rows not expected: {n_extra} ({score:.0%} credit).{missed}{extra}{first}",
        "zh": "还不对：应有 {total} 个数，对了 {right} 个，{wrong} 个不对，缺 {absent} 个；另有 {n_extra} 行不该有（本题得 {score:.0%} 的分）。{missed}{extra}{first}",
    },
    "check_scored_pass": {
        "en": "Correct: score {score}. {detail}",
        "zh": "通过：评估结果 {score}。{detail}",
    },
    "check_scored_off": {
        "en": "Not yet: score {score}, full credit from {need} ({credit:.0%} credit). {detail}",
        "zh": "还不够：评估结果 {score}，达到 {need} 才得满分（本题得 {credit:.0%} 的分）。{detail}",
    },
    "check_scored_mistake": {
        "en": "Not yet: it looks as if {mistake} Score {score}, full credit from {need} ({credit:.0%} credit).",
        "zh": "还不对：看起来{mistake}评估结果 {score}，达到 {need} 才得满分（本题得 {credit:.0%} 的分）。",
    },
    "check_scored_mistake_lucky": {
        "en": "Not yet: it looks as if {mistake} On this bank that happens to score {score}, but the method would not hold up on another, so it earns {credit:.0%} credit.",
        "zh": "还不对：看起来{mistake}在本行数据上它碰巧达到 {score}，但换一家银行就站不住，因此本题只得 {credit:.0%} 的分。",
    },
    "check_decision_form": {
        "en": 'Give your decision and why, as {{"decision": …, "why": "…"}}; the decision is one of {options}.',
        "zh": '请写出你的决定及理由，格式为 {{"decision": …, "why": "…"}}；决定从 {options} 中选一个。',
    },
    "check_decision_why": {
        "en": "Say why in at least {n} words of your own: your trainer reads it against the rubric.",
        "zh": "请用至少 {n} 个字写出你自己的理由：培训师会对照评分要点阅读。",
    },
    "check_decision_right": {
        "en": "Right decision. Your justification ({words} words) goes to your trainer, who reads it against the rubric.",
        "zh": "决定正确。你的理由（共 {words} 字）将提交给培训师，对照评分要点阅读。",
    },
    "check_decision_wrong": {
        "en": "{verdict} Your justification ({words} words) goes to your trainer too.",
        "zh": "{verdict}你的理由（共 {words} 字）也会提交给培训师。",
    },
    "reason_nothing_to_find": {
        "en": "the reference method finds nothing to list on it",
        "zh": "参考方法在本行数据上找不到可列的内容",
    },
    "check_too_small": {
        "en": "This bank is too small for this question ({reason}); any well-formed answer gets full credit.",
        "zh": "本行数据规模太小，无法回答此题（{reason}）；任何格式正确的答案都得满分。",
    },
    "need_vs_reference": {
        "en": "{share:.0%} of what the reference method earns on your bank",
        "zh": "参考方法在你的数据上得分的 {share:.0%}",
    },
    "exercise_ready": {
        "en": "{title}: {n} questions, {mode} mode. Replace each ____ with your answer and run its check.",
        "zh": "{title}：共 {n} 题，{mode}模式。把每个 ____ 换成你的答案，再运行检查。",
    },
    "mode_practice": {"en": "practice", "zh": "练习"},
    "mode_assessment": {"en": "assessment", "zh": "考核"},
    "exercise_score": {
        "en": "Auto-checked points so far: {points:g} of {max:g}.",
        "zh": "目前自动评分得分：{points:g} / {max:g}。",
    },
    "bad_mode": {
        "en": "unknown mode {value!r}: use 'practice' or 'assessment'",
        "zh": "未知模式 {value!r}：请使用 'practice'（练习）或 'assessment'（考核）",
    },
    "assessment_needs_data": {
        "en": "assessment mode needs data: set the parameter data to the folder of your pack's bank (your trainer's pack sets it for you)",
        "zh": "考核模式需要数据：请把参数 data 设为考核包中的数据文件夹（培训师下发的考核包已设置好）",
    },
    "bad_segment": {
        "en": "unknown segment {value!r}: use strategic, key or general",
        "zh": "未知客户层级 {value!r}：请使用 strategic、key 或 general",
    },
    # Status names, as trainees and trainers read them.
    "status_correct": {"en": "correct", "zh": "正确"},
    "reason_late": {"en": "submitted after the due date", "zh": "截止时间之后提交"},
    "reason_missing": {"en": "no submission", "zh": "未提交"},
    "reason_other_pack": {
        "en": "made from the pack of {owner}, not {tid}: check whether it was copied",
        "zh": "用的是 {owner} 的练习包，不是 {tid} 的：请核查是否抄袭",
    },
    "reason_no_params": {
        "en": "the pack's parameters cell is missing, so the pack it came from cannot be confirmed",
        "zh": "练习包的参数单元格被删除，无法确认来自哪个练习包",
    },
    "reason_edited_params": {
        "en": "the pack's parameters cell was edited (its pack token does not match)",
        "zh": "练习包的参数单元格被改动过（练习包标记不符）",
    },
    "status_not_checked": {"en": "not checked yet", "zh": "尚未检查"},
    "col_question": {"en": "Question", "zh": "题目"},
    "col_status": {"en": "Status", "zh": "状态"},
    "col_points": {"en": "Points", "zh": "得分"},
    "question_label": {"en": "Q{n}", "zh": "第 {n} 题"},
    "status_incorrect": {"en": "incorrect", "zh": "不正确"},
    "status_invalid": {"en": "not well formed", "zh": "格式不对"},
    "status_not_attempted": {"en": "not attempted", "zh": "未作答"},
    "status_collected": {"en": "collected", "zh": "已收集"},
    "status_well_formed": {"en": "well formed", "zh": "格式正确"},
    "status_error": {"en": "checker error", "zh": "检查出错"},
    "status_graded": {"en": "graded", "zh": "已评分"},
    "status_late": {"en": "late", "zh": "逾期提交"},
    "status_flagged": {"en": "flagged", "zh": "待核查"},
    "status_failed": {"en": "could not run", "zh": "无法运行"},
    "status_missing": {"en": "missing", "zh": "未提交"},
    # Names used inside messages.
    "what_answer": {"en": "your answer", "zh": "你的答案"},
    "what_table": {"en": "the table", "zh": "这张表"},
    "what_watchlist": {"en": "the watch list", "zh": "关注名单"},
    "what_products": {"en": "the product list", "zh": "产品清单"},
    "what_needs": {"en": "the needs list", "zh": "需求清单"},
    "what_ranking": {"en": "the priority ranking", "zh": "优先级排序"},
    "what_needs_order": {
        "en": "the needs met, in the order the client agreed",
        "zh": "按客户同意先后排列的已满足需求",
    },
    # The trainer's cohort commands (casekit cohort …): rosters, paths, progress lines.
    "roster_missing": {
        "en": "{path}: no such file; give the roster (.xlsx, or CSV exported from Excel)",
        "zh": "{path}：文件不存在；请给出学员名单（.xlsx，或从 Excel 导出的 CSV）",
    },
    "roster_xls": {
        "en": "{path}: old-style .xls workbooks are not read; in Excel use Save As → Excel Workbook (.xlsx) or CSV UTF-8",
        "zh": "{path}：不支持旧版 .xls 工作簿；请在 Excel 中另存为 Excel 工作簿（.xlsx）或 CSV UTF-8",
    },
    "roster_bad_excel": {
        "en": "{path}: cannot be read as an Excel workbook ({error}); open it in Excel and save it again as .xlsx, or as CSV UTF-8",
        "zh": "{path}：无法作为 Excel 工作簿读取（{error}）；请在 Excel 中打开并重新另存为 .xlsx 或 CSV UTF-8",
    },
    "roster_encoding": {
        "en": "{path}: the file is neither UTF-8 nor GBK; save it from Excel as 'CSV UTF-8 (逗号分隔)' and try again",
        "zh": "{path}：文件既不是 UTF-8 也不是 GBK 编码；请在 Excel 中另存为“CSV UTF-8（逗号分隔）”后重试",
    },
    "roster_empty": {
        "en": "{path}: the file is empty; it needs a header row and one row per trainee",
        "zh": "{path}：文件是空的；需要一行表头，以及每位学员一行",
    },
    "roster_columns": {
        "en": "{path}: missing column(s) {missing} (read the header as {header}); the roster needs trainee_id, name and lang, group is optional",
        "zh": "{path}：缺少列 {missing}（读到的表头为 {header}）；名单需要 工号（trainee_id）、姓名（name）和语言（lang）三列，分组（group）可选",
    },
    "roster_bad_id": {
        "en": "{path}, row {row}: trainee_id {tid!r} is empty or has characters other than letters, digits, '.', '_' and '-' (at most 40); fix the id in the roster",
        "zh": "{path} 第 {row} 行：工号 {tid!r} 为空，或含有字母、数字、'.'、'_'、'-' 以外的字符（最多 40 个）；请在名单中改正",
    },
    "roster_repeat": {
        "en": "{path}, row {row}: trainee_id {tid!r} repeats row {first}; every trainee needs an id of their own",
        "zh": "{path} 第 {row} 行：工号 {tid!r} 与第 {first} 行重复；每位学员需要各自的工号",
    },
    "roster_lang": {
        "en": "{path}, row {row}: language {value!r} for {tid} is not known; use en or zh",
        "zh": "{path} 第 {row} 行：{tid} 的语言 {value!r} 无法识别；请填 en 或 zh（或 英文、中文）",
    },
    "roster_no_rows": {
        "en": "{path}: the header is there but no trainee rows follow it",
        "zh": "{path}：只有表头，下面没有学员行",
    },
    "path_error": {
        "en": "{path}: {reason}; check the path and try again",
        "zh": "{path}：{reason}；请检查路径后重试",
    },
    "out_is_file": {
        "en": "{path} is a file, not a folder: give --out a new folder",
        "zh": "{path} 是一个文件而不是文件夹：请为 --out 指定一个新文件夹",
    },
    "not_a_folder": {
        "en": "{path} is not a folder: give the folder of {what}",
        "zh": "{path} 不是文件夹：请给出{what}所在的文件夹",
    },
    "what_submissions": {"en": "the submissions", "zh": "提交的作业"},
    "what_inbox": {"en": "the e-mailed notebooks and zips", "zh": "邮件收到的笔记本和压缩包"},
    "what_cohort": {
        "en": "the cohort (made by `casekit cohort init`)",
        "zh": "学员批次（由 `casekit cohort init` 创建）",
    },
    "no_submissions": {
        "en": "warning: {path} holds no submissions (no folder per trainee): nothing to grade. Put each trainee's notebooks in {path}/TRAINEE_ID/, or sort e-mailed ones with `casekit cohort collect`",
        "zh": "警告：{path} 中没有提交的作业（没有按学员分的文件夹），无可评分。请把每位学员的笔记本放在 {path}/工号/ 下，或用 `casekit cohort collect` 整理邮件收到的作业",
    },
    "init_read": {
        "en": "read {path} as {encoding}: {count} trainees",
        "zh": "已读取 {path}（{encoding}）：{count} 名学员",
    },
    "init_made": {
        "en": "cohort {cohort_id} in {out} ({mode}, {scenario}, exercises {exercises})",
        "zh": "学员批次 {cohort_id} 已建在 {out}（{mode}，{scenario}，练习 {exercises}）",
    },
    "init_due": {
        "en": "due {due} (submissions saved later are marked late)",
        "zh": "截止时间 {due}（之后保存的作业标为迟交）",
    },
    "init_secret": {
        "en": "keep {path} safe: it re-derives every trainee's bank; never send it out",
        "zh": "请妥善保管 {path}：它能重新生成每位学员的数据；切勿外发",
    },
    "built_packs": {
        "en": "built {built} packs in {seconds:.1f} s ({kept} already there): {path}",
        "zh": "已生成 {built} 个练习包，用时 {seconds:.1f} 秒（已有 {kept} 个）：{path}",
    },
    "graded_line": {
        "en": "graded {graded} submissions in {seconds:.1f} s ({skipped} already graded, {rechecked} re-checked); gradebook: {gradebook}",
        "zh": "已评分 {graded} 份作业，用时 {seconds:.1f} 秒（已评过 {skipped} 份，重新核对 {rechecked} 份）；成绩表：{gradebook}",
    },
    "note_line": {"en": "note: {text}", "zh": "提示：{text}"},
    "error_line": {"en": "error: {text}", "zh": "错误：{text}"},
    "report_line": {
        "en": "cohort report: {index}\ngradebook: {gradebook}; feedback pages: {pages}",
        "zh": "批次报告：{index}\n成绩表：{gradebook}；反馈页：{pages}",
    },
    "collect_not_notebook": {"en": "not a notebook or a zip", "zh": "不是笔记本，也不是压缩包"},
    "collect_bad_zip": {
        "en": "a zip that cannot be opened ({error}); ask the trainee to send it again",
        "zh": "压缩包无法打开（{error}）；请学员重新发送",
    },
    "collect_too_big": {
        "en": "over 50 MB: not a trainee's notebook",
        "zh": "超过 50 MB：不是学员的笔记本",
    },
    "collect_not_json": {
        "en": "not notebook JSON (damaged, or saved in another format); ask the trainee to save it again from JupyterLab",
        "zh": "不是笔记本格式（已损坏或另存为其他格式）；请学员在 JupyterLab 中重新保存",
    },
    "collect_no_token": {
        "en": "no pack token (its first cells were removed, or it is not from a pack); ask the trainee to copy their answers into their pack's notebook",
        "zh": "没有练习包标记（最前面的单元格被删除，或不是来自练习包）；请学员把答案抄回自己练习包里的笔记本",
    },
    "collect_unknown_token": {
        "en": "a pack token of no trainee of this cohort (another cohort's pack?)",
        "zh": "练习包标记不属于本批次任何学员（是其他批次的练习包吗？）",
    },
    "collect_no_exercise": {
        "en": "its exercise cannot be told (the start(...) cell is gone)",
        "zh": "无法判断是哪一个练习（start(...) 单元格被删除）",
    },
    "collect_other_exercise": {
        "en": "exercise {number} is not set in this cohort",
        "zh": "本批次未布置练习 {number}",
    },
    "collect_line": {
        "en": "collected {placed} notebooks into {out} ({same} identical copies skipped, {unplaced} not placed)",
        "zh": "已把 {placed} 个笔记本整理到 {out}（跳过 {same} 个相同副本，{unplaced} 个无法归档）",
    },
    "collect_unplaced": {
        "en": "not placed: {where}: {reason}",
        "zh": "无法归档：{where}：{reason}",
    },
    "pack_incomplete": {
        "en": "{path} exists but is not a complete pack of this cohort (edited by hand?): move it away and run `casekit cohort build` again to rebuild it",
        "zh": "{path} 已存在，但不是本批次完整的练习包（被手工改过？）：请把它移开，再运行 `casekit cohort build` 重新生成",
    },
    "command_error": {
        "en": "casekit {command}: error: {text}",
        "zh": "casekit {command}:错误:{text}",
    },
    "what_plan": {"en": "the service plan", "zh": "服务方案"},
    "what_visit_plan": {"en": "the visit plan", "zh": "拜访计划"},
    "what_decider_map": {"en": "the decision-maker map", "zh": "决策人地图"},
    "what_callback_list": {"en": "the 回访 call-back list", "zh": "回访名单"},
    "what_services": {"en": "the value-added services", "zh": "增值服务清单"},
    "what_flags": {"en": "the warning flags", "zh": "预警名单"},
    "what_estimate": {"en": "the effect estimate", "zh": "效果估计"},
    # The sandbox (经营沙盘): decisions refused, with the row and the rule.
    "sb_refused": {
        "en": "decisions refused, nothing was simulated: row {row}: {rule}",
        "zh": "决策未被接受，本季度尚未模拟：第 {row} 行：{rule}",
    },
    "sb_not_table": {
        "en": "decisions should be a table (DataFrame) or a list of dicts with the columns {columns}; got {got}",
        "zh": "决策应为一张表（DataFrame）或字典列表，包含列 {columns}；实际得到 {got}",
    },
    "sb_missing_column": {
        "en": "a {kind} row needs the column {column}; add it to the table and fill it in",
        "zh": "{kind} 行需要列 {column}；请在表中加上这一列并填写",
    },
    "sb_empty_field": {
        "en": "{column} is empty; a {kind} row needs it",
        "zh": "{column} 为空；{kind} 行必须填写",
    },
    "sb_unknown_kind": {
        "en": "kind {value!r} is not a decision; use one of {allowed}",
        "zh": "kind 的取值 {value!r} 不是有效的决策类型；请使用 {allowed} 之一",
    },
    "sb_unknown_client": {
        "en": "client id {value!r} is not in this portfolio; client ids look like {example}",
        "zh": "客户编号 {value!r} 不在本组合中；客户编号形如 {example}",
    },
    "sb_client_gone": {
        "en": "client {value} has left the bank (full churn or exit); decide only for clients still here",
        "zh": "客户 {value} 已离开本行（完全流失或退出）；只能对仍在本行的客户做决策",
    },
    "sb_bad_hours": {
        "en": "hours must be a number of at least 0 (a visit needs more than 0); got {value!r}",
        "zh": "hours 必须是不小于 0 的数字（拜访必须大于 0）；实际为 {value!r}",
    },
    "sb_over_hours": {
        "en": "the RM-hours budget is {budget:g} hours a quarter; with this row the decisions use {used:g}. Drop or shorten rows from here on",
        "zh": "每季度客户经理工时预算为 {budget:g} 小时；到这一行已用 {used:g} 小时。请删减本行及之后的安排",
    },
    "sb_unknown_product": {
        "en": "product {value!r} is not in the catalogue; use one of {allowed}",
        "zh": "产品 {value!r} 不在产品目录中；请使用 {allowed} 之一",
    },
    "sb_price_band": {
        "en": "price {value!r} is outside the allowed band {low:g}–{high:g} (a multiple of the list price, 1.0 = list)",
        "zh": "价格 {value!r} 超出允许区间 {low:g}–{high:g}（相对挂牌价的倍数，1.0 即挂牌价）",
    },
    "sb_risk_appetite": {
        "en": "credit product {product} for client {client} (rated {rating}{npl}) is outside the bank's risk appetite: no new credit below {worst} or to a non-performing loan",
        "zh": "向客户 {client}（评级 {rating}{npl}）提供授信类产品 {product} 超出本行风险偏好：{worst} 以下或已不良的客户不得新增授信",
    },
    "sb_npl": {"en": ", non-performing", "zh": "，已不良"},
    "sb_duplicate": {
        "en": "{what} appears more than once this quarter; give it one row",
        "zh": "{what} 本季度出现了不止一次；只保留一行",
    },
    "sb_unknown_response": {
        "en": "response {value!r} is not a response; use one of {allowed}",
        "zh": "应对措施 {value!r} 无效；请使用 {allowed} 之一",
    },
    "sb_no_warning": {
        "en": "client {client} had no warning last quarter; act on the warnings in sim.observe()['warnings']",
        "zh": "客户 {client} 上季度没有预警信号；请针对 sim.observe()['warnings'] 中的预警采取措施",
    },
    "sb_wrong_level": {
        "en": "response {response} does not fit client {client}'s {level} warning; for {level} use {allowed}",
        "zh": "应对措施 {response} 不适合客户 {client} 的{level}级预警；{level}级请使用 {allowed}",
    },
    "sb_unknown_improvement": {
        "en": "improvement {value!r} is not on offer; use one of {allowed}",
        "zh": "服务改进 {value!r} 不在可选范围内；请使用 {allowed} 之一",
    },
    "sb_over_service_budget": {
        "en": "the service budget is {budget:g} 万元 a quarter; with this row improvements cost {used:g}",
        "zh": "每季度服务改进预算为 {budget:g} 万元；到这一行改进费用已达 {used:g} 万元",
    },
    "sb_finished": {
        "en": "the sandbox has run all its {quarters} quarters; start a new one or rewind",
        "zh": "沙盘的 {quarters} 个季度已全部完成；请重新开始或回退",
    },
    "sb_bad_quarter": {
        "en": "quarter {value!r} is not one this run has reached; use 0 to {last}",
        "zh": "第 {value!r} 季度尚未模拟到；请使用 0 至 {last}",
    },
    "sb_no_kind_column": {
        "en": "the decision table has no column kind: add one saying what each row is ({allowed}); its columns are {has}",
        "zh": "决策表缺少 kind 列：请加上这一列，写明每行是哪类决策（{allowed}）；现有列：{has}",
    },
    "sb_unknown_column": {
        "en": "column {column!r} is not a decision column{close}; the columns are {columns}. Rename or drop it",
        "zh": "列 {column!r} 不是决策表的列{close}；决策表的列为 {columns}。请改名或删除该列",
    },
    "sb_did_you_mean": {"en": " (did you mean {name}?)", "zh": "（是否想写 {name}？）"},
    "sb_kept": {
        "en": ". The {done} quarter(s) already simulated are kept: fix the row and decide again",
        "zh": "。已模拟的 {done} 个季度全部保留：改正该行后重新决策即可",
    },
    # The sandbox's panel (casekit.sandbox.widgets).
    "sbw_title": {
        "en": "经营沙盘 · quarter {quarter} of {quarters}",
        "zh": "经营沙盘 · 第 {quarter} / {quarters} 季度",
    },
    "sbw_table": {"en": "Table", "zh": "数据表"},
    "sbw_rows": {"en": "{rows} rows; first {shown} shown", "zh": "共 {rows} 行，显示前 {shown} 行"},
    "sbw_scorecard": {"en": "Scorecard", "zh": "记分卡"},
    "sbw_tables": {"en": "What the bank sees", "zh": "本行可见的数据"},
    "sbw_decide": {"en": "Decisions", "zh": "本季度决策"},
    "sbw_advance": {"en": "Simulate the quarter", "zh": "模拟本季度"},
    "sbw_add_row": {"en": "Add the row", "zh": "添加该行"},
    "sbw_clear": {"en": "Clear", "zh": "清空"},
    "sbw_loaded": {
        "en": "{rows} decision rows accepted for quarter {quarter}: {hours:g} of {budget:g} RM hours",
        "zh": "第 {quarter} 季度的 {rows} 行决策已通过检查：已用客户经理工时 {hours:g} / {budget:g} 小时",
    },
    "sbw_none": {
        "en": "No decisions loaded: simulating now means doing nothing this quarter. Load a table with panel.load(table), or add rows below",
        "zh": "尚未载入决策：现在模拟即本季度什么也不做。请用 panel.load(table) 载入决策表，或在下方逐行添加",
    },
    "sbw_advanced": {
        "en": "Quarter {quarter} simulated. Its tables are in sim.observe(); decide the next quarter",
        "zh": "第 {quarter} 季度已模拟。本季度数据见 sim.observe()；请为下一季度决策",
    },
    "sbw_finished": {
        "en": "All {quarters} quarters simulated: read sim.debrief() for what your decisions moved",
        "zh": "{quarters} 个季度已全部模拟：用 sim.debrief() 查看你的决策带来了哪些变化",
    },
    "sbw_kind": {"en": "Kind", "zh": "决策类型"},
    "sbw_client": {"en": "Client", "zh": "客户编号"},
    "sbw_product": {"en": "Product", "zh": "产品"},
    "sbw_price": {"en": "Price ×", "zh": "价格倍数"},
    "sbw_response": {"en": "Response", "zh": "应对措施"},
    "sbw_improvement": {"en": "Improvement", "zh": "服务改进"},
    "sbw_hours": {"en": "Hours", "zh": "工时"},
    "sb_chart_lenses": {
        "en": "Better than doing nothing, lens by lens",
        "zh": "各视角相对“什么也不做”的改善",
    },
    "sb_chart_better": {
        "en": "% better than doing nothing (left of 0: worse)",
        "zh": "较“什么也不做”改善的百分比（0 以左为变差）",
    },
    "sb_chart_run": {"en": "this run", "zh": "本次运行"},
    "sb_chart_best": {"en": "best known policy", "zh": "已知最优策略"},
    "sb_chart_path": {"en": "综合贡献度 quarter by quarter", "zh": "各季度综合贡献度"},
    "sb_quarter": {"en": "quarter", "zh": "季度"},
    # The sandbox exercise and its grading.
    "what_sandbox_run": {"en": "the sandbox run (sim.record())", "zh": "沙盘记录(sim.record())"},
    "sb_not_record": {
        "en": "a sandbox run should be the dict sandbox.plan(book, tables) or sim.record() gives (quarters, decisions); got {got}",
        "zh": "沙盘记录应为 sandbox.plan(book, tables) 或 sim.record() 返回的字典（含 quarters、decisions）；实际得到 {got}",
    },
    "sb_record_short": {
        "en": "the run has {done} of its {quarters} quarters: finish it (sim.run or sim.advance) before you record it",
        "zh": "该记录只完成了 {done} / {quarters} 个季度：请先完成全部季度（sim.run 或 sim.advance）再记录",
    },
    "sb_record_other_budget": {
        "en": "this run was played with {hours!r} RM hours a quarter; the exercise's budget is {budget:g}: play it again with sandbox.start(book)",
        "zh": "该记录每季度使用 {hours!r} 小时客户经理工时，而练习规定的预算为 {budget:g} 小时：请用 sandbox.start(book) 重新运行",
    },
    "sb_dropped": {
        "en": "; {rows} rows no longer applied when their quarter came (a client gone, a warning closed) and were left out",
        "zh": "；其中 {rows} 行到所在季度时已不适用（客户已离开、预警已解除），未予执行",
    },
    "sb_run_score": {
        "en": "Replayed from your decisions; of the way from doing nothing (0%) to the best known policy (100%): satisfaction {nps:.0%}, deposits {deposits:.0%}, credit losses {credit_losses:.0%}, attrition {attrition_rate:.0%}, 综合贡献度 {contribution:.0%} ({mine:,.0f} 万元 against {base:,.0f} doing nothing and {best:,.0f} best known); the score is their mean",
        "zh": "按你的决策重新模拟；从“什么也不做”（0%）到“已知最优”（100%）的进度：满意度 {nps:.0%}，存款 {deposits:.0%}，信用损失 {credit_losses:.0%}，客户流失 {attrition_rate:.0%}，综合贡献度 {contribution:.0%}（{mine:,.0f} 万元，什么也不做为 {base:,.0f}，已知最优为 {best:,.0f}）；得分为其平均值",
    },
    "sb_claims_ignored": {
        "en": ". The scorecard the record claims is not what its decisions give; it was ignored",
        "zh": "。记录中声称的记分卡与其决策的实际结果不符，已不予采信",
    },
    "sb_no_graded_run": {
        "en": "trainee {trainee} has no graded sandbox run (exercise 10, question 5): grade their submission first",
        "zh": "学员 {trainee} 没有已评分的沙盘运行（练习十第 5 题）：请先评阅其提交",
    },
    "sb_needs_truth": {
        "en": "this book has no hidden truth (an assessment pack): the sandbox runs from the trainer's bank",
        "zh": "本数据不含隐藏答案（考核包）：沙盘需由培训师的数据运行",
    },
}

# The trainer's errors live in their own module; they are part of this one catalogue.
from casekit.messages_cohort import COHORT_MESSAGES  # noqa: E402

MESSAGES.update(COHORT_MESSAGES)


def say(key: str, lang: str = "en", **fields: object) -> str:
    """The message ``key`` in ``lang`` ("en" or "zh"), with its fields filled in."""
    entry = MESSAGES[key]
    return entry["zh" if lang == "zh" else "en"].format(**fields)


def check_lang(lang: str) -> str:
    """``lang`` if it is a supported language; raises BadParameter (in both languages) if not."""
    from casekit.errors import BadParameter

    if lang not in LANGS:
        raise BadParameter(
            say("bad_lang", "en", value=lang) + " / " + say("bad_lang", "zh", value=lang)
        )
    return lang
