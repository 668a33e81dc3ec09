# %% [markdown] lang="en"
# # A tiny exercise

# %% [markdown] lang="zh"
# # 一个小练习

# %% tags=["parameters"]
seed: int = 42  # your random seed
lang: str = "en"  # en or zh

# %%
from casekit.exercises import ____

values = [3, 1, 2]

# %% [markdown] lang="en"
# ## Q1 · The largest value

# %% [markdown] lang="zh"
# ## 第 1 题 · 最大值

# %%
# BEGIN SOLUTION
ordered = sorted(values)
# END SOLUTION
largest = ordered[-1]  # SOLUTION
print(largest)

# %% tags=["test"]
assert largest == 3
assert ____ is not None

# %% [markdown] lang="en" tags=["solution"]
# Sorting first is one way; `max(values)` is shorter.

# %% [markdown] lang="zh" tags=["solution"]
# 先排序是一种做法;`max(values)` 更简洁。

# %%
if values:
    total = sum(values)  # SOLUTION
