"""``RemovableHandle``: what ``register_hook`` returns, as in PyTorch."""

from __future__ import annotations

from typing import Any


class RemovableHandle:
    """Removes one registered hook: ``handle.remove()``, or leave a ``with`` block.

    Calling the handle also removes the hook. Removing twice does nothing.

    Example:
        >>> import autograd as ag
        >>> x = ag.tensor([1.0, 2.0], requires_grad=True)
        >>> handle = x.register_hook(lambda g: g * 10)
        >>> handle.remove()
        >>> x.sum().backward()
        >>> x.grad
        tensor([1., 1.])
    """

    __slots__ = ("_hooks", "_hook")

    def __init__(self, hooks: list[Any], hook: Any) -> None:
        self._hooks, self._hook = hooks, hook

    def remove(self) -> None:
        """Unregister the hook (once; later calls do nothing)."""
        hooks = self._hooks
        for i, registered in enumerate(hooks):
            if registered is self._hook:
                del hooks[i]
                break

    __call__ = remove

    def __enter__(self) -> RemovableHandle:
        return self

    def __exit__(self, *exc: object) -> None:
        self.remove()
