"""mitmdump addon: flush the -w capture file soon after every finished flow,
so the platform's /traffic endpoint sees each exchange at once (Python
buffers the file otherwise, and the last flows would only appear when
mitmdump exits). The flush is scheduled a moment later because the save
addon may write the flow after this addon's hook has run."""
import asyncio

from mitmproxy import ctx


def _flush() -> None:
    save = ctx.master.addons.get("save")
    stream = getattr(save, "stream", None)
    if stream is not None:
        try:
            stream.fo.flush()
        except ValueError:  # closed at shutdown
            pass


def _soon() -> None:
    loop = asyncio.get_event_loop()
    loop.call_later(0.02, _flush)
    loop.call_later(0.2, _flush)


class FlushCapture:
    def response(self, flow):
        _soon()

    def error(self, flow):
        _soon()

    def websocket_end(self, flow):
        _soon()

    def tcp_end(self, flow):
        _soon()


addons = [FlushCapture()]
