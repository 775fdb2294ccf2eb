#include "services/loadgen/hanoi.h"

#include <algorithm>
#include <random>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace giamsat::loadgen {
namespace {

// Wards (phường) of Hanoi after 1 July 2025, as id suffix and name.
constexpr std::pair<const char*, const char*> kWards[] = {
    {"HOANKIEM", "Hoàn Kiếm"},
    {"CUANAM", "Cửa Nam"},
    {"BADINH", "Ba Đình"},
    {"NGOCHA", "Ngọc Hà"},
    {"GIANGVO", "Giảng Võ"},
    {"HAIBATRUNG", "Hai Bà Trưng"},
    {"VINHTUY", "Vĩnh Tuy"},
    {"BACHMAI", "Bạch Mai"},
    {"DONGDA", "Đống Đa"},
    {"KIMLIEN", "Kim Liên"},
    {"VANMIEU", "Văn Miếu - Quốc Tử Giám"},
    {"LANG", "Láng"},
    {"OCHODUA", "Ô Chợ Dừa"},
    {"HONGHA", "Hồng Hà"},
    {"LINHNAM", "Lĩnh Nam"},
    {"HOANGMAI", "Hoàng Mai"},
    {"VINHHUNG", "Vĩnh Hưng"},
    {"TUONGMAI", "Tương Mai"},
    {"DINHCONG", "Định Công"},
    {"HOANGLIET", "Hoàng Liệt"},
    {"YENSO", "Yên Sở"},
    {"THANHXUAN", "Thanh Xuân"},
    {"KHUONGDINH", "Khương Đình"},
    {"PHUONGLIET", "Phương Liệt"},
    {"CAUGIAY", "Cầu Giấy"},
    {"NGHIADO", "Nghĩa Đô"},
    {"YENHOA", "Yên Hòa"},
    {"TAYHO", "Tây Hồ"},
    {"PHUTHUONG", "Phú Thượng"},
    {"TAYTUU", "Tây Tựu"},
    {"PHUDIEN", "Phú Diễn"},
    {"XUANDINH", "Xuân Đỉnh"},
    {"DONGNGAC", "Đông Ngạc"},
    {"THUONGCAT", "Thượng Cát"},
    {"TULIEM", "Từ Liêm"},
    {"XUANPHUONG", "Xuân Phương"},
    {"TAYMO", "Tây Mỗ"},
    {"DAIMO", "Đại Mỗ"},
    {"LONGBIEN", "Long Biên"},
    {"BODE", "Bồ Đề"},
    {"VIETHUNG", "Việt Hưng"},
    {"PHUCLOI", "Phúc Lợi"},
    {"HADONG", "Hà Đông"},
    {"DUONGNOI", "Dương Nội"},
    {"YENNGHIA", "Yên Nghĩa"},
    {"PHULUONG", "Phú Lương"},
    {"KIENHUNG", "Kiến Hưng"},
    {"THANHLIET", "Thanh Liệt"},
    {"CHUONGMY", "Chương Mỹ"},
    {"SONTAY", "Sơn Tây"},
    {"TUNGTHIEN", "Tùng Thiện"},
};

// Departments (sở) and other city agencies, as id suffix and name.
constexpr std::pair<const char*, const char*> kDepartments[] = {
    {"SO.TP", "Sở Tư pháp"},
    {"SO.XD", "Sở Xây dựng"},
    {"SO.NNMT", "Sở Nông nghiệp và Môi trường"},
    {"SO.TC", "Sở Tài chính"},
    {"SO.CT", "Sở Công Thương"},
    {"SO.YT", "Sở Y tế"},
    {"SO.GDDT", "Sở Giáo dục và Đào tạo"},
    {"SO.NV", "Sở Nội vụ"},
    {"SO.VHTT", "Sở Văn hóa và Thể thao"},
    {"SO.DL", "Sở Du lịch"},
    {"SO.KHCN", "Sở Khoa học và Công nghệ"},
    {"SO.QHKT", "Sở Quy hoạch - Kiến trúc"},
    {"SO.DTTG", "Sở Dân tộc và Tôn giáo"},
    {"TTR", "Thanh tra thành phố"},
    {"VP", "Văn phòng Ủy ban nhân dân thành phố"},
    {"BQL.KCN", "Ban Quản lý các khu công nghiệp và chế xuất"},
    {"BQL.CNC", "Ban Quản lý Khu công nghệ cao và các khu công nghiệp"},
    {"BQL.DADTXD", "Ban Quản lý dự án đầu tư xây dựng công trình dân dụng"},
    {"BQL.GT", "Ban Quản lý dự án đầu tư xây dựng công trình giao thông"},
    {"BQL.NN", "Ban Quản lý dự án đầu tư xây dựng công trình nông nghiệp"},
    {"TTPVHCC", "Trung tâm Phục vụ hành chính công thành phố"},
    {"QTDPT", "Quỹ Đầu tư phát triển thành phố"},
    {"TTXTDT", "Trung tâm Xúc tiến đầu tư, thương mại, du lịch"},
    {"DAI.PTTH", "Đài Phát thanh và Truyền hình Hà Nội"},
    {"BHXH", "Bảo hiểm xã hội thành phố (liên thông)"},
    {"THUE", "Thuế thành phố (liên thông)"},
    {"CA", "Công an thành phố (liên thông)"},
    {"TTQLGT", "Trung tâm Quản lý giao thông công cộng"},
    {"TTKDXD", "Trung tâm Kiểm định chất lượng xây dựng"},
    {"TTCNTT", "Trung tâm Công nghệ thông tin và Truyền thông"},
};

std::string YamlQuote(const std::string& s) {
  return absl::StrCat("\"", s, "\"");
}

}  // namespace

City HanoiCity(uint64_t seed, int localities, int departments) {
  std::mt19937_64 rng(seed ^ 0x6a09e667f3bcc908ULL);
  std::uniform_real_distribution<double> u01(0, 1);
  City city;
  city.units.push_back(
      {"HN", "Ủy ban nhân dân thành phố Hà Nội", "city", "", 0.0, 1.0});
  // About one unit in twenty handles many dossiers late.
  auto late_rate = [&] {
    return u01(rng) < 0.05 ? 0.05 + 0.15 * u01(rng) : 0.001 + 0.006 * u01(rng);
  };
  // The departments procedures and inter-agency steps refer to come first.
  const int n_dept = std::clamp<int>(departments, 3, std::size(kDepartments));
  for (int i = 0; i < n_dept; ++i) {
    const auto& [suffix, name] = kDepartments[i];
    const std::string id = absl::StrCat("HN.", suffix);
    const bool centre = std::string(suffix).rfind("TT", 0) == 0;
    city.departments.push_back(city.units.size());
    city.units.push_back({id, name, centre ? "centre" : "department", "HN",
                          late_rate(), 0.5 + 2 * u01(rng)});
    city.units.push_back(
        {id + ".VP", absl::StrCat("Văn phòng - ", name), "office", id, 0, 0});
    city.units.push_back({id + ".NV", absl::StrCat("Phòng nghiệp vụ - ", name),
                          "office", id, 0, 0});
  }
  // The land registration office's branch, holder of inter-agency steps.
  city.units.push_back({kLandRegistry, "Chi nhánh Văn phòng Đăng ký đất đai",
                        "branch", "HN.SO.NNMT", late_rate(), 0});
  for (int i = 0; i < localities; ++i) {
    const bool ward = i < static_cast<int>(std::size(kWards));
    const std::string suffix =
        ward ? kWards[i].first
             : absl::StrFormat("XA%02d",
                               i - static_cast<int>(std::size(kWards)) + 1);
    const std::string name =
        ward ? absl::StrCat("Ủy ban nhân dân phường ", kWards[i].second)
             : absl::StrFormat("Ủy ban nhân dân xã (mẫu) số %02d",
                               i - static_cast<int>(std::size(kWards)) + 1);
    const std::string id = absl::StrCat("HN.UBND.", suffix);
    city.local.push_back(city.units.size());
    // Urban wards are busier than rural communes.
    city.units.push_back({id, name, ward ? "ward" : "commune", "HN",
                          late_rate(), (ward ? 1.5 : 0.6) * (0.5 + u01(rng))});
    city.units.push_back({id + kOneStopDesk,
                          absl::StrCat("Bộ phận một cửa - ", name), "office",
                          id, 0, 0});
    city.units.push_back({id + kCultureOffice,
                          absl::StrCat("Phòng Văn hóa - Xã hội - ", name),
                          "office", id, 0, 0});
    city.units.push_back({id + kEconomyOffice,
                          absl::StrCat("Phòng Kinh tế - ", name), "office", id,
                          0, 0});
  }
  return city;
}

const std::vector<Procedure>& ProcedureCatalogue() {
  // Codes have the national catalogue's shape but are sample values; the
  // limits are those set by the law named in `basis`.
  static const auto* catalogue = new std::vector<Procedure>{
      {"LG.1.001193", "Đăng ký khai sinh", "ho-tich", 0, 8, false, Tier::kWard,
       "", 1, false, false, 30, "Luật Hộ tịch 2014 Điều 16 (trong ngày)"},
      {"LG.1.000656", "Đăng ký khai tử", "ho-tich", 0, 8, false, Tier::kWard,
       "", 1, false, false, 6, "Luật Hộ tịch 2014 Điều 34 (trong ngày)"},
      {"LG.1.000894", "Đăng ký kết hôn", "ho-tich", 5, 0, false, Tier::kWard,
       "", 1, false, false, 8,
       "Luật Hộ tịch 2014 Điều 18 (xác minh: 5 ngày làm việc)"},
      {"LG.2.000908", "Chứng thực bản sao từ bản chính", "chung-thuc", 0, 8,
       false, Tier::kWard, "", 0, false, true, 40,
       "Nghị định 23/2015/NĐ-CP Điều 7 (trong ngày)"},
      {"LG.1.001612", "Đăng ký hộ kinh doanh", "kinh-doanh", 3, 0, false,
       Tier::kWard, "", 1, false, true, 8,
       "Nghị định 01/2021/NĐ-CP Điều 87 (3 ngày làm việc)"},
      {"LG.1.004227", "Đăng ký đất đai, cấp Giấy chứng nhận lần đầu", "dat-dai",
       20, 0, false, Tier::kWard, "", 4, true, true, 6,
       "Nghị định 101/2024/NĐ-CP Điều 22 (20 ngày làm việc)"},
      {"LG.1.004221", "Đăng ký biến động đất đai (chuyển nhượng)", "dat-dai",
       10, 0, false, Tier::kWard, "", 3, true, true, 7,
       "Nghị định 101/2024/NĐ-CP Điều 22 (10 ngày làm việc)"},
      {"LG.1.009994", "Cấp giấy phép xây dựng nhà ở riêng lẻ", "xay-dung", 15,
       0, false, Tier::kWard, "", 2, false, true, 5,
       "Luật Xây dựng 2014 Điều 102 (15 ngày)"},
      {"LG.2.001610", "Đăng ký thành lập doanh nghiệp", "doanh-nghiep", 3, 0,
       false, Tier::kDepartment, "SO.TC", 1, false, false, 6,
       "Luật Doanh nghiệp 2020 Điều 26 (3 ngày làm việc)"},
      {"LG.1.000035", "Cấp Phiếu lý lịch tư pháp", "ly-lich-tu-phap", 10, 0,
       false, Tier::kDepartment, "SO.TP", 2, true, true, 6,
       "Luật Lý lịch tư pháp 2009 Điều 48 (10 ngày)"},
      {"LG.1.009972", "Cấp giấy phép xây dựng công trình", "xay-dung", 20, 0,
       false, Tier::kDepartment, "SO.XD", 3, false, true, 1,
       "Luật Xây dựng 2014 Điều 102 (20 ngày)"},
      {"LG.2.000620", "Cấp giấy phép bán lẻ rượu", "thuong-mai", 10, 0, false,
       Tier::kDepartment, "SO.CT", 2, false, true, 1,
       "Nghị định 105/2017/NĐ-CP Điều 25 (10 ngày làm việc)"},
      {"LG.1.001809", "Cấp chứng chỉ hành nghề khám bệnh, chữa bệnh", "y-te",
       20, 0, false, Tier::kDepartment, "SO.YT", 2, false, true, 1,
       "Luật Khám bệnh, chữa bệnh 2023 (20 ngày)"},
      {"LG.NB.0001", "Thẩm định hồ sơ liên thông giữa các cơ quan (nội bộ)",
       "noi-bo", 5, 0, true, Tier::kDepartment, "VP", 2, true, false, 1,
       "Quy trình nội bộ được thành phố phê duyệt (5 ngày làm việc)"},
  };
  return *catalogue;
}

std::string UnitsYaml(const City& city) {
  std::string out =
      "# Units of the synthetic city written by giamsat-loadgen (shaped like\n"
      "# Hanoi; sample data). Format: deploy/config/reference/units.yaml.\n"
      "units:\n";
  for (const Unit& u : city.units) {
    absl::StrAppend(&out, "  - id: ", u.id, "\n    name: ", YamlQuote(u.name),
                    "\n    level: ", u.level, "\n");
    if (!u.parent.empty())
      absl::StrAppend(&out, "    parent: ", u.parent, "\n");
  }
  return out;
}

std::string ProceduresYaml(const std::vector<Procedure>& procedures) {
  std::string out =
      "# Procedures of the synthetic workload written by giamsat-loadgen.\n"
      "# Format: deploy/config/reference/procedures.yaml.\n"
      "procedures:\n";
  for (const Procedure& p : procedures) {
    absl::StrAppend(&out, "  - code: ", YamlQuote(p.code),
                    "\n    name: ", YamlQuote(p.name), "\n    field: ", p.field,
                    "\n    legal_duration: {",
                    p.working_hours > 0
                        ? absl::StrCat("working_hours: ", p.working_hours)
                        : absl::StrCat("working_days: ", p.working_days),
                    "}\n");
    if (p.internal) absl::StrAppend(&out, "    internal: true\n");
  }
  return out;
}

}  // namespace giamsat::loadgen
