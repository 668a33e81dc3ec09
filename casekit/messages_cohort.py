"""The trainer's errors, in both languages: part of the one catalogue (casekit.messages).

Kept in their own module so the catalogue stays readable; casekit.messages merges them in.
"""

from __future__ import annotations

COHORT_MESSAGES: dict[str, dict[str, str]] = {
    "co_not_on_roster": {
        "en": "{trainee!r} is not on the roster of {root}",
        "zh": "{trainee!r} 不在 {root} 的学员名单上",
    },
    "co_out_not_empty": {
        "en": "{out} already exists and is not empty: choose a new folder (init never overwrites "
        "a cohort, its secret or its grades)",
        "zh": "{out} 已存在且不为空：请换一个新文件夹（init 从不覆盖已有的培训批次、密钥或成绩）",
    },
    "co_bad_scenario": {
        "en": "unknown scenario {value!r}: choose one of {choices}",
        "zh": "未知情景 {value!r}：请从 {choices} 中选择",
    },
    "co_bad_mode": {
        "en": "unknown mode {value!r}: choose assessment or practice",
        "zh": "未知模式 {value!r}：请选择 assessment（考核）或 practice（练习）",
    },
    "co_bad_exercises": {
        "en": "unknown exercise(s) {values}: choose from {choices}",
        "zh": "未知练习 {values}：请从 {choices} 中选择",
    },
    "co_bad_due": {
        "en": "due {value!r} is not a date-time: write it like 2026-12-15T18:00+08:00",
        "zh": "截止时间 {value!r} 不是日期时间：请写成 2026-12-15T18:00+08:00 这样的格式",
    },
    "co_bad_cohort_id": {
        "en": "cohort id {value!r}: use up to 40 letters, digits, '-' or '_' (or leave it out "
        "for a random one)",
        "zh": "批次编号 {value!r}：最多 40 个字母、数字、“-”或“_”（不填则随机生成）",
    },
    "co_short_secret": {
        "en": "{path}: a secret needs at least 16 bytes",
        "zh": "{path}：密钥至少需要 16 个字节",
    },
    "co_not_a_cohort": {
        "en": "{root} is not a cohort folder (no {file}): run `casekit cohort init` first",
        "zh": "{root} 不是培训批次文件夹（没有 {file}）：请先运行 `casekit cohort init`",
    },
    "co_damaged_settings": {
        "en": "{path} was edited or damaged ({why}); restore it from your backup, or start a "
        "new cohort with `casekit cohort init`",
        "zh": "{path} 被改动或已损坏（{why}）：请从备份恢复，或用 `casekit cohort init` 新建批次",
    },
    "co_secret_missing": {
        "en": "{path} is missing: grades cannot be derived without the cohort's secret",
        "zh": "缺少 {path}：没有批次密钥就无法推导成绩",
    },
    "co_secret_mismatch": {
        "en": "{path} does not match {settings}: the secret was replaced or edited; restore the "
        "original, or every grade would be computed against the wrong banks",
        "zh": "{path} 与 {settings} 不符：密钥被替换或改动过；请恢复原密钥，否则所有成绩都会按错误的"
        "银行数据计算",
    },
    "co_secret_file_missing": {
        "en": "{path} is missing: give the file that holds the secret",
        "zh": "缺少 {path}：请给出保存密钥的文件",
    },
    "co_secret_shared": {
        "en": "{path} can be read by other users (mode {mode}), so a submission could read it: "
        "run `chmod 600 {path}` and try again",
        "zh": "{path} 其他用户也能读取（权限 {mode}），提交的作业可能读到它：请运行 "
        "`chmod 600 {path}` 后重试",
    },
    "co_receipts_columns": {
        "en": "{path}: no column {columns}; the receipt log needs the columns "
        "trainee_id,file,received (received like 2026-12-15T17:42)",
        "zh": "{path}：缺少列 {columns}；收件记录需要 trainee_id,file,received 三列"
        "（received 写成 2026-12-15T17:42 这样）",
    },
    "co_receipts_time": {
        "en": "{path}, row {row}: received {value!r} is not a date-time; write it like "
        "2026-12-15T17:42",
        "zh": "{path} 第 {row} 行：收件时间 {value!r} 不是日期时间；请写成 2026-12-15T17:42 这样",
    },
    "co_subs_not_folder": {
        "en": "{folder} is not a folder: give the folder that holds one folder per trainee",
        "zh": "{folder} 不是文件夹：请给出按学员分子文件夹存放作业的那个文件夹",
    },
}
