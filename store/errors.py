"""Store errors. ``str(error)`` is a Chinese message that the UI may show as it is."""

from __future__ import annotations


class StoreError(Exception):
    """Base class of every error the store raises on purpose."""

    default_message = "数据保存出错"

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or self.default_message)


class NotFound(StoreError):
    default_message = "未找到该评价（链接可能有误，或评价已被删除）"


class AccessDenied(StoreError):
    default_message = "您没有权限访问该评价"


class InvalidData(StoreError, ValueError):
    default_message = "评价数据格式不正确，无法保存"


class TooLarge(StoreError):
    def __init__(self, size_bytes: int, limit_bytes: int) -> None:
        self.size_bytes = size_bytes
        self.limit_bytes = limit_bytes
        super().__init__(
            f"评价数据过大（{size_bytes / 1024 / 1024:.2f} MB），超过 {limit_bytes / 1024 / 1024:g} MB 的上限，"
            "未能保存。请删减过长的案例说明或备注后再试。"
        )
