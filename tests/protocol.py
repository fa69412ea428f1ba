"""A client that speaks Streamlit's own websocket protocol (no browser): open /_stcore/stream, send
BackMsgs (run a page with widget values, clear the caches), read ForwardMsgs until the run ends.
What an attacker's script can do, and fast enough for 20 sessions at once."""

from __future__ import annotations

import asyncio

TIMEOUT = 60


class Session:
    def __init__(self, port: int):
        self.port = port
        self.ws = None

    async def __aenter__(self):
        import websockets

        self.ws = await websockets.connect(f"ws://127.0.0.1:{self.port}/_stcore/stream", subprotocols=["streamlit"],
                                           origin=f"http://127.0.0.1:{self.port}", max_size=None,
                                           open_timeout=TIMEOUT, ping_interval=None)
        return self

    async def __aexit__(self, *exc):
        await self.ws.close()

    async def run(self, page: str, widgets: list | None = None) -> list:
        """Run `page` with these WidgetStates; returns the elements it drew."""
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ClientState_pb2 import ClientState
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
        from streamlit.proto.WidgetStates_pb2 import WidgetStates

        state = ClientState(page_name=page, widget_states=WidgetStates(widgets=widgets or []))
        await self.ws.send(BackMsg(rerun_script=state).SerializeToString())
        elements = []
        while True:
            message = ForwardMsg()
            message.ParseFromString(await asyncio.wait_for(self.ws.recv(), TIMEOUT))
            kind = message.WhichOneof("type")
            if kind == "delta" and message.delta.WhichOneof("type") == "new_element":
                elements.append(message.delta.new_element)
            if kind == "script_finished":
                return elements

    async def clear_cache(self) -> None:
        """What the "c" key menu (or any client) sends: clear every st.cache_* of the server."""
        from streamlit.proto.BackMsg_pb2 import BackMsg

        await self.ws.send(BackMsg(clear_cache=True).SerializeToString())
        await asyncio.sleep(0.5)


def widget_ids(elements) -> dict[str, str]:
    """Label → widget id of the text inputs and buttons drawn."""
    found = {}
    for element in elements:
        kind = element.WhichOneof("type")
        if kind in ("text_input", "button"):
            widget = getattr(element, kind)
            found[widget.label] = widget.id
    return found


def texts(elements) -> str:
    """Every message text drawn (alerts, markdown)."""
    parts = []
    for element in elements:
        kind = element.WhichOneof("type")
        if kind == "alert":
            parts.append(element.alert.body)
        elif kind == "markdown":
            parts.append(element.markdown.body)
    return "\n".join(parts)


def sign_in_states(ids: dict[str, str], user: str, password: str) -> list:
    """The form's values and its submit button pressed, as the browser sends them."""
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    return [WidgetState(id=ids["用户名"], string_value=user), WidgetState(id=ids["密码"], string_value=password),
            WidgetState(id=ids["登录"], trigger_value=True)]


def run(coroutine):
    """asyncio.run in a thread of its own: Playwright's sync API keeps an event loop running in the
    test's thread once a browser test has run."""
    import concurrent.futures

    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
