"""The links the class server prints: the students' link, its QR code, the lecturer's own link."""

from __future__ import annotations

import io
import ipaddress
import socket

from rothman.classroom.server import LOOPBACK
from rothman.classroom.visit import CLASS_VIEW, LECTURER_VIEW


def lan_address() -> str:
    """This computer's address on its network, as others see it; 127.0.0.1 if it has none.

    A UDP socket "connected" to a private address sends nothing; it only makes the system
    pick the interface it would use.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        try:
            sock.connect(("10.255.255.255", 1))
            return sock.getsockname()[0]
        except OSError:
            return LOOPBACK


def link_host(ip: str) -> str:
    """The host name to put in the students' link for a server bound to ``ip``.

    Examples:
        >>> link_host("127.0.0.1"), link_host("192.168.1.20"), link_host("fe80::1")
        ('127.0.0.1', '192.168.1.20', '[fe80::1]')
    """
    address = ipaddress.ip_address(ip)
    if address.is_unspecified:
        return lan_address() if address.version == 4 else "[::1]"
    return f"[{ip}]" if address.version == 6 else ip


def view_urls(host: str, port: int, token: str, lang: str) -> dict[str, str]:
    """The students' address of the class view.

    Examples:
        >>> view_urls("192.168.1.20", 8866, "t", "id")["class"]
        'http://192.168.1.20:8866/voila/render/class.ipynb?token=t&lang=id'
    """
    base = f"http://{host}:{int(port)}/voila/render"
    return {CLASS_VIEW: f"{base}/{CLASS_VIEW}.ipynb?token={token}&lang={lang}"}


def lecturer_url(bind: str, host: str, port: int, token: str, lang: str) -> str:
    """The lecturer's address: on this computer (``localhost``) unless the server listens on
    one address only, which is then named.

    Examples:
        >>> lecturer_url("127.0.0.1", "127.0.0.1", 8866, "L", "id")
        'http://localhost:8866/voila/render/lecturer.ipynb?token=L&lang=id'
        >>> lecturer_url("192.168.1.20", "192.168.1.20", 8866, "L", "en").split("/")[2]
        '192.168.1.20:8866'
    """
    address = ipaddress.ip_address(bind)
    local = address.version == 4 and (address.is_loopback or address.is_unspecified)
    name = "localhost" if local else host
    return f"http://{name}:{int(port)}/voila/render/{LECTURER_VIEW}.ipynb?token={token}&lang={lang}"


def qr_code(url: str) -> str:
    """The QR code of ``url`` as text for a terminal (Unicode half blocks, light on dark).

    Examples:
        >>> code = qr_code("http://127.0.0.1:8866/")
        >>> len(code.splitlines()) > 10 and "█" in code
        True
    """
    import segno

    out = io.StringIO()
    segno.make(url, error="m").terminal(out=out, compact=True, border=2)
    return out.getvalue()
