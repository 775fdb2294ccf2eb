#include "common/domain/rule_catalogue.h"

#include <vector>

namespace giamsat::domain {

const RuleInfo& Rule(RuleId rule) {
  static const RuleInfo kRules[] = {
      {"DOSSIER_DUE_SOON", v1::SEVERITY_WARNING,
       "Nghị định 61/2018/NĐ-CP, Điều 19; ngưỡng theo cấu hình",
       "Hồ sơ sắp đến hạn", "Dossier due soon"},
      {"DOSSIER_OVERDUE", v1::SEVERITY_CRITICAL,
       "Nghị định 61/2018/NĐ-CP, Điều 19; Thông tư 01/2018/TT-VPCP, Điều 13",
       "Hồ sơ quá hạn chưa giải quyết", "Dossier overdue"},
      {"DOSSIER_RESOLVED_LATE", v1::SEVERITY_WARNING,
       "Thông tư 01/2018/TT-VPCP, Điều 13", "Hồ sơ giải quyết trễ hạn",
       "Dossier resolved late"},
      {"DOSSIER_STEP_LATE", v1::SEVERITY_WARNING,
       "Thông tư 01/2018/TT-VPCP, Điều 13 (chỉ số 2); quy trình nội bộ",
       "Bước xử lý trễ hạn phân kỳ", "Processing step late"},
      {"DOSSIER_NO_APOLOGY", v1::SEVERITY_CRITICAL,
       "Nghị định 61/2018/NĐ-CP, Điều 19 khoản 9",
       "Quá hạn mà không có phiếu xin lỗi", "Late without an apology letter"},
      {"DOSSIER_SECOND_RESCHEDULE", v1::SEVERITY_WARNING,
       "Nghị định 61/2018/NĐ-CP, Điều 19 khoản 9",
       "Hẹn lại ngày trả kết quả quá một lần",
       "Result date moved more than once"},
      {"DOSSIER_SECOND_SUPPLEMENT", v1::SEVERITY_WARNING,
       "Nghị định 61/2018/NĐ-CP, Điều 19 khoản 4; chỉ số Quyết định 766",
       "Yêu cầu bổ sung hồ sơ quá một lần",
       "Supplement requested more than once"},
      {"DOSSIER_LATE_SUPPLEMENT_REQUEST", v1::SEVERITY_WARNING,
       "Nghị định 61/2018/NĐ-CP, Điều 19 khoản 4",
       "Yêu cầu bổ sung sau 3 ngày làm việc",
       "Supplement requested after 3 working days"},
      {"DOSSIER_RESULT_NOT_RETURNED", v1::SEVERITY_WARNING,
       "Nghị định 61/2018/NĐ-CP, Điều 20; thời hạn theo cấu hình",
       "Đã giải quyết nhưng chưa trả kết quả",
       "Result not returned after resolution"},
      {"DOSSIER_APPOINTMENT_MISMATCH", v1::SEVERITY_INFO,
       "Kiểm tra chất lượng dữ liệu",
       "Ngày hẹn trả khác hạn tính theo quy định",
       "Appointment date differs from the computed due time"},
  };
  return kRules[static_cast<int>(rule)];
}

const std::vector<RuleId>& AllRules() {
  static const std::vector<RuleId> kAll = {
      RuleId::kDossierDueSoon,           RuleId::kDossierOverdue,
      RuleId::kDossierResolvedLate,      RuleId::kDossierStepLate,
      RuleId::kDossierNoApology,         RuleId::kDossierSecondReschedule,
      RuleId::kDossierSecondSupplement,  RuleId::kDossierLateSupplementRequest,
      RuleId::kDossierResultNotReturned, RuleId::kDossierAppointmentMismatch,
  };
  return kAll;
}

}  // namespace giamsat::domain
