"""Small parallel Vietnamese/Dutch texts (written for these tests) and helpers for
the input-class tests (tests/test_inputs_*.py): run the CLI in-process, always
model-free."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

VI = """Hà Nội đón hơn 2,5 triệu lượt khách du lịch trong tháng 3 năm 2024.

Theo Sở Du lịch, doanh thu từ du lịch đạt 9.800 tỷ đồng, tăng 12,4% so với cùng kỳ năm trước. Phần lớn du khách đến từ Hàn Quốc, Nhật Bản và Hoa Kỳ.

Thành phố đã tổ chức nhiều lễ hội văn hóa tại khu vực phố cổ. Các hoạt động này thu hút đông đảo người dân và khách quốc tế tham gia.

Ông Nguyễn Văn An, giám đốc một công ty lữ hành, cho biết số lượng đặt phòng khách sạn tăng mạnh trong những tuần gần đây.

Chính quyền thành phố dự kiến đầu tư thêm vào hệ thống giao thông công cộng để phục vụ người dân và du khách tốt hơn.
"""

NL = """Hanoi ontving in maart 2024 meer dan 2,5 miljoen toeristen.

Volgens het Departement van Toerisme bedroeg de omzet uit toerisme 9.800 miljard dong, een stijging van 12,4% ten opzichte van dezelfde periode vorig jaar. De meeste bezoekers kwamen uit Zuid-Korea, Japan en de Verenigde Staten.

De stad organiseerde tal van culturele festivals in de oude wijk. Deze activiteiten trokken veel inwoners en internationale bezoekers.

De heer Nguyen Van An, directeur van een reisbureau, zei dat het aantal hotelboekingen de afgelopen weken sterk is gestegen.

Het stadsbestuur wil extra investeren in het openbaar vervoer om inwoners en toeristen beter van dienst te zijn.
"""

runner = CliRunner()


def write(path: Path, data: str | bytes, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode(encoding)
    path.write_bytes(data)
    return path


def review(*args: str):
    """Run ``translate review --no-model ARGS`` in-process; return the Click result."""
    from translate.cli.main import app

    return runner.invoke(app, ["review", "--no-model", *map(str, args)])


def stderr_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.strip()]
