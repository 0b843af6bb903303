"""Store errors. ``str(error)`` is a Chinese message that the UI may show as it is."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

_BEIJING = timezone(timedelta(hours=8), "北京时间")


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


class Locked(StoreError):
    default_message = "该评价已提交，不能再修改"


class TooLarge(StoreError):
    def __init__(self, size_bytes: int, limit_bytes: int) -> None:
        self.size_bytes = size_bytes
        self.limit_bytes = limit_bytes
        super().__init__(
            f"评价数据过大（{size_bytes / 1024 / 1024:.2f} MB），超过 {limit_bytes / 1024 / 1024:g} MB 的上限，"
            "未能保存。请删减过长的案例说明或备注后再试。"
        )


class FileTooLarge(TooLarge):
    """An attachment over the size limit."""

    def __init__(self, size_bytes: int, limit_bytes: int) -> None:
        StoreError.__init__(
            self,
            f"文件过大（{size_bytes / 1024 / 1024:.2f} MB），超过 {limit_bytes / 1024 / 1024:g} MB 的上限，未能上传。"
            "请压缩或拆分后再试。",
        )
        self.size_bytes = size_bytes
        self.limit_bytes = limit_bytes


class WeakPassword(InvalidData):
    default_message = "密码不符合要求"


class AuthError(StoreError):
    """Sign-in refused. The message is safe to show on the login page."""

    default_message = "用户名或密码错误"


class LoginFailed(AuthError):
    """Unknown user or wrong password: one message for both, so that the page reveals neither."""


class AccountLocked(AuthError):
    def __init__(self, locked_until: datetime) -> None:
        self.locked_until = locked_until
        local = locked_until.astimezone(_BEIJING).strftime("%H:%M")
        super().__init__(f"登录失败次数过多，账户已临时锁定，请于北京时间 {local} 之后再试，或联系管理员解锁")


class AccountDisabled(AuthError):
    default_message = "该账户已停用，请联系管理员"
