"""A minimal Streamlit websocket client: one session, reruns with a query string, counts what it gets.

It speaks the protocol the browser speaks (protobuf BackMsg/ForwardMsg over
`/_stcore/stream`), so a load test can hold many real sessions on one server
without a browser each.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg


@dataclass
class RunResult:
    elements: int = 0
    exceptions: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    raw: bytearray = field(default_factory=bytearray)


class Session:
    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.ws = None

    async def __aenter__(self) -> Session:
        url = self.base_url.replace("http://", "ws://") + "/_stcore/stream"
        self.ws = await websockets.connect(url, subprotocols=["streamlit"], max_size=None,
                                           additional_headers={"Origin": self.base_url})
        return self

    async def __aexit__(self, *exc_info) -> None:
        await self.ws.close()

    async def run(self, query_string: str = "", page_path: str = "", timeout: float = 60) -> RunResult:
        back = BackMsg()
        back.rerun_script.query_string = query_string
        back.rerun_script.page_name = page_path
        back.rerun_script.context_info.url = f"{self.base_url}/{page_path}"
        await self.ws.send(back.SerializeToString())
        result = RunResult()
        async with asyncio.timeout(timeout):
            while True:
                data = await self.ws.recv()
                result.raw.extend(data if isinstance(data, bytes) else data.encode())
                message = ForwardMsg()
                message.ParseFromString(data)
                kind = message.WhichOneof("type")
                if kind == "delta" and message.delta.WhichOneof("type") == "new_element":
                    element = message.delta.new_element
                    result.elements += 1
                    if element.WhichOneof("type") == "exception":
                        result.exceptions.append(element.exception.message)
                    if element.WhichOneof("type") in ("markdown", "heading", "alert"):
                        result.texts.append(getattr(element, element.WhichOneof("type")).body)
                elif kind == "script_finished":
                    if message.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                        result = RunResult()  # the app reran itself (new data landed): the next run is the page
                        continue
                    return result
