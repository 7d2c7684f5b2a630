"""The runtime names generated code uses, in one namespace (``from . import _runtime as _rt``).

Each name lives in the module of its concern; this module only gathers them.
"""

from __future__ import annotations

from ._batch import *  # noqa: F403
from ._batch import __all__ as _batch_all
from ._builders import *  # noqa: F403
from ._builders import __all__ as _builders_all
from ._errors import *  # noqa: F403
from ._errors import __all__ as _errors_all
from ._http import *  # noqa: F403
from ._http import __all__ as _http_all
from ._paging import *  # noqa: F403
from ._paging import __all__ as _paging_all
from ._retry import *  # noqa: F403
from ._retry import __all__ as _retry_all
from ._transport import *  # noqa: F403
from ._transport import __all__ as _transport_all
from ._urls import (
    FunctionArg as FunctionArg,
    QueryParams as QueryParams,
    StrOrList as StrOrList,
    call_segment as call_segment,
    encode_literal as encode_literal,
    encode_segment as encode_segment,
    fill_segment as fill_segment,
)

__all__ = sorted(
    {
        *_batch_all,
        *_builders_all,
        *_errors_all,
        *_http_all,
        *_paging_all,
        *_retry_all,
        *_transport_all,
        "FunctionArg",
        "QueryParams",
        "StrOrList",
        "call_segment",
        "encode_literal",
        "encode_segment",
        "fill_segment",
    }
)
