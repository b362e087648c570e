"""Vietnamese names with realistic frequencies.

Family-name shares follow the commonly cited national figures (Nguyễn about 38 %, Trần 11 %, Lê 9.5 %,
Phạm 7 %, Hoàng/Huỳnh 5 %, ...); in the south-central coast Huỳnh and Võ are more common than Hoàng and Vũ,
so they get the larger share here. Middle names mark sex as they usually do (Thị for most women, Văn
for many men); given names are common ones of each sex.
"""

from __future__ import annotations

FAMILY_NAMES: list[tuple[str, float]] = [
    ("Nguyễn", 38.4), ("Trần", 11.0), ("Lê", 9.5), ("Phạm", 7.0), ("Huỳnh", 3.6), ("Hoàng", 1.5),
    ("Phan", 4.5), ("Võ", 3.0), ("Vũ", 0.9), ("Đặng", 2.1), ("Bùi", 2.0), ("Đỗ", 1.4), ("Hồ", 1.3),
    ("Ngô", 1.3), ("Dương", 1.0), ("Lý", 0.5), ("Đoàn", 0.8), ("Trương", 0.8), ("Lương", 0.5),
    ("Đinh", 0.6), ("Mai", 0.5), ("Cao", 0.4), ("Tô", 0.3), ("Châu", 0.3), ("Lâm", 0.3), ("Thái", 0.3),
    ("Tạ", 0.2), ("Kiều", 0.2), ("Văn", 0.2), ("Hà", 0.4), ("Trịnh", 0.4), ("Phùng", 0.2), ("Lưu", 0.2),
    ("Mấu", 0.1), ("Pi Năng", 0.1), ("Katơr", 0.1), ("Chamaléa", 0.1),
]

FEMALE_MIDDLE: list[tuple[str, float]] = [
    ("Thị", 70), ("Ngọc", 6), ("Thu", 4), ("Thanh", 4), ("Kim", 3), ("Bích", 2), ("Mỹ", 2), ("Hồng", 2),
    ("Minh", 2), ("Phương", 2), ("Diệu", 1), ("Như", 2),
]
MALE_MIDDLE: list[tuple[str, float]] = [
    ("Văn", 50), ("Minh", 8), ("Đức", 6), ("Quang", 5), ("Hữu", 5), ("Công", 4), ("Thanh", 4), ("Quốc", 4),
    ("Ngọc", 3), ("Tấn", 4), ("Gia", 3), ("Hoàng", 2), ("Trọng", 2),
]
FEMALE_GIVEN = [
    "Hương", "Lan", "Hoa", "Huệ", "Mai", "Hà", "Thủy", "Tiếp", "Ngân", "Linh", "Trang", "Nhung", "Thảo",
    "Hạnh", "Hằng", "Phượng", "Yến", "Loan", "Dung", "Nga", "Tuyết", "Vân", "Anh", "Thư", "Hiền", "Liên",
    "Oanh", "Quyên", "Sen", "Cúc", "Lựu", "Xuân", "Diễm", "Ánh", "Ngọc", "Châu", "Vy", "My", "Trinh", "Nhi",
]
MALE_GIVEN = [
    "Hùng", "Dũng", "Nam", "Minh", "Tuấn", "Hải", "Sơn", "Bình", "Long", "Phúc", "Tâm", "Thắng", "Đức", "Tài",
    "Khoa", "Quân", "Huy", "Bảo", "Lộc", "Thành", "Trung", "Hiếu", "Vinh", "Cường", "Đạt", "Toàn", "Tú",
    "Nghĩa", "Lợi", "Phong", "Khánh", "Thịnh", "Hòa", "An", "Kiên", "Sang", "Tín", "Nhân", "Duy", "Hưng",
]

# Khánh Hòa's population is mostly Kinh, with Raglai, Cơ-ho, Chăm and Ê-đê communities (GSO codes).
ETHNICITY: list[tuple[str, float]] = [("01", 86.0), ("21", 8.0), ("16", 2.0), ("17", 2.5), ("12", 0.8),
                                      ("04", 0.7)]

STREETS = ["Trần Phú", "Lê Thánh Tôn", "Yersin", "Thống Nhất", "Hùng Vương", "Nguyễn Trãi", "Lê Hồng Phong",
           "Quang Trung", "2 Tháng 4", "Hai Bà Trưng", "Phạm Văn Đồng", "Nguyễn Thị Minh Khai"]
