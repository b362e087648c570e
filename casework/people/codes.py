"""Code lists for people: ethnic groups, beneficiary categories, relationships.

Beneficiary categories are a two-level list: a group (the legal text) and its points.
Sources: Decree 20/2021/NĐ-CP art. 5 and 24; Children Law 2016 art. 10; the Agent Orange tag.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

# The 54 ethnic groups, in the General Statistics Office's code order.
ETHNIC_GROUPS: dict[str, str] = {
    "01": "Kinh", "02": "Tày", "03": "Thái", "04": "Hoa", "05": "Khơ-me", "06": "Mường", "07": "Nùng",
    "08": "H'Mông", "09": "Dao", "10": "Gia-rai", "11": "Ngái", "12": "Ê-đê", "13": "Ba Na", "14": "Xơ-đăng",
    "15": "Sán Chay", "16": "Cơ-ho", "17": "Chăm", "18": "Sán Dìu", "19": "Hrê", "20": "Mnông", "21": "Ra-glai",
    "22": "Xtiêng", "23": "Bru-Vân Kiều", "24": "Thổ", "25": "Giáy", "26": "Cơ-tu", "27": "Giẻ-Triêng",
    "28": "Mạ", "29": "Khơ-mú", "30": "Co", "31": "Tà-ôi", "32": "Chơ-ro", "33": "Kháng", "34": "Xinh-mun",
    "35": "Hà Nhì", "36": "Chu-ru", "37": "Lào", "38": "La Chí", "39": "La Ha", "40": "Phù Lá", "41": "La Hủ",
    "42": "Lự", "43": "Lô Lô", "44": "Chứt", "45": "Mảng", "46": "Pà Thẻn", "47": "Cơ Lao", "48": "Cống",
    "49": "Bố Y", "50": "Si La", "51": "Pu Péo", "52": "Brâu", "53": "Ơ Đu", "54": "Rơ-măm",
}

# (group code, group label) -> {point code: label}. Labels are the Vietnamese legal wording, abridged.
CATEGORY_GROUPS: dict[str, tuple[str, dict[str, str]]] = {
    "ND20-5": ("Nghị định 20/2021, Điều 5: trợ cấp xã hội hằng tháng", {
        "ND20-5.1": "Trẻ em dưới 16 tuổi không có nguồn nuôi dưỡng",
        "ND20-5.2": "Người 16–22 tuổi thuộc khoản 1 đang đi học",
        "ND20-5.3": "Trẻ em nhiễm HIV/AIDS thuộc hộ nghèo",
        "ND20-5.4": "Người đơn thân nghèo đang nuôi con",
        "ND20-5.5": "Người cao tuổi thuộc diện trợ cấp",
        "ND20-5.6": "Trẻ em khuyết tật, người khuyết tật hưởng trợ cấp",
        "ND20-5.7": "Trẻ em dưới 3 tuổi hộ nghèo, cận nghèo vùng đặc biệt khó khăn",
        "ND20-5.8": "Người nhiễm HIV/AIDS thuộc hộ nghèo không có thu nhập ổn định",
    }),
    "ND20-24": ("Nghị định 20/2021, Điều 24: chăm sóc tại cơ sở, bảo vệ khẩn cấp", {
        "ND20-24.1": "Đối tượng bảo trợ xã hội có hoàn cảnh đặc biệt khó khăn",
        "ND20-24.2a": "Nạn nhân bạo lực gia đình",
        "ND20-24.2b": "Nạn nhân bị xâm hại tình dục",
        "ND20-24.2c": "Nạn nhân bị mua bán",
        "ND20-24.2d": "Nạn nhân bị cưỡng bức lao động",
        "ND20-24.2e": "Trẻ em, người lang thang xin ăn trong thời gian chờ đưa về nơi cư trú",
        "ND20-24.2f": "Đối tượng cần bảo vệ khẩn cấp khác theo quyết định của Chủ tịch UBND tỉnh",
    }),
    "LTE-10": ("Luật Trẻ em 2016, Điều 10: trẻ em có hoàn cảnh đặc biệt", {
        "LTE-10.a": "Trẻ em mồ côi cả cha và mẹ",
        "LTE-10.b": "Trẻ em bị bỏ rơi",
        "LTE-10.c": "Trẻ em không nơi nương tựa",
        "LTE-10.d": "Trẻ em khuyết tật",
        "LTE-10.dd": "Trẻ em nhiễm HIV/AIDS",
        "LTE-10.e": "Trẻ em vi phạm pháp luật",
        "LTE-10.g": "Trẻ em nghiện ma túy",
        "LTE-10.h": "Trẻ em phải bỏ học kiếm sống chưa hoàn thành phổ cập THCS",
        "LTE-10.i": "Trẻ em bị tổn hại nghiêm trọng về thể chất và tinh thần do bị bạo lực",
        "LTE-10.k": "Trẻ em bị bóc lột",
        "LTE-10.l": "Trẻ em bị xâm hại tình dục",
        "LTE-10.m": "Trẻ em bị mua bán",
        "LTE-10.n": "Trẻ em mắc bệnh hiểm nghèo hoặc phải điều trị dài ngày thuộc hộ nghèo, cận nghèo",
        "LTE-10.o": "Trẻ em di cư, lánh nạn chưa xác định được cha mẹ hoặc không có người chăm sóc",
    }),
    "TAG": ("Nhãn khác", {
        "TAG-AO": "Nạn nhân chất độc hóa học (da cam/dioxin)",
    }),
}

CATEGORIES: dict[str, str] = {
    code: label for _, (_, points) in CATEGORY_GROUPS.items() for code, label in points.items()
}

RELATIONSHIPS = {
    "head": _l("Household head"),
    "spouse": _l("Spouse"),
    "child": _l("Child"),
    "grandchild": _l("Grandchild"),
    "parent": _l("Parent"),
    "grandparent": _l("Grandparent"),
    "sibling": _l("Sibling"),
    "other_relative": _l("Other relative"),
    "other": _l("Other"),
}
