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
      {"FEEDBACK_NOT_ACKNOWLEDGED", v1::SEVERITY_WARNING,
       "Quyết định 1207/QĐ-UBND ngày 28/02/2025 của UBND thành phố Hà Nội "
       "(iHanoi); thời hạn theo cấu hình",
       "Phản ánh, kiến nghị chưa được tiếp nhận đúng hạn",
       "Feedback not accepted in time"},
      {"FEEDBACK_NOT_ANSWERED", v1::SEVERITY_CRITICAL,
       "Thực tiễn Cổng Dịch vụ công quốc gia (trả lời trong 15 ngày làm "
       "việc); Quyết định 1207/QĐ-UBND (iHanoi); thời hạn theo cấu hình",
       "Phản ánh, kiến nghị quá hạn chưa trả lời",
       "Feedback not answered by its deadline"},
      {"FEEDBACK_REOPENED", v1::SEVERITY_WARNING,
       "Quyết định 766/QĐ-TTg, chỉ số 5.3", "Phản ánh, kiến nghị bị mở lại",
       "Feedback reopened"},
      {"FEEDBACK_UNSATISFIED", v1::SEVERITY_WARNING,
       "Quyết định 766/QĐ-TTg, chỉ số 5.3",
       "Người dân không hài lòng với kết quả trả lời",
       "Citizen not satisfied with the answer"},
      {"FEEDBACK_IMMEDIATE_ESCALATION", v1::SEVERITY_CRITICAL,
       "Kế hoạch kiểm tra công vụ, cải cách hành chính: kiểm tra đột xuất khi "
       "có phản ánh phức tạp, cấp thiết, gây bức xúc dư luận",
       "Phản ánh phức tạp, cấp thiết hoặc gây bức xúc dư luận: báo cáo ngay "
       "lãnh đạo Đoàn kiểm tra",
       "Complex, urgent or public-outrage petition: escalate to the "
       "inspection leader now"},
      {"FEEDBACK_TRANSFER_LATE", v1::SEVERITY_WARNING,
       "Nghị định 20/2008/NĐ-CP (sửa đổi, bổ sung): chuyển phản ánh, kiến "
       "nghị không thuộc thẩm quyền trong 5 ngày làm việc",
       "Chuyển phản ánh, kiến nghị quá 5 ngày làm việc",
       "Petition forwarded after 5 working days"},
      {"DOSSIER_LATE_REFUSAL", v1::SEVERITY_WARNING,
       "Nghị định 61/2018/NĐ-CP, Điều 19 khoản 8",
       "Thông báo từ chối giải quyết sau thời hạn",
       "Refusal notified after the time limit"},
      {"DOSSIER_LATE_TRANSFER", v1::SEVERITY_WARNING,
       "Nghị định 61/2018/NĐ-CP, Điều 18",
       "Chuyển hồ sơ giấy cho cơ quan giải quyết trễ",
       "Paper dossier transferred to the handling unit late"},
      {"UNIT_OPEN_OVERDUE", v1::SEVERITY_CRITICAL,
       "Kế hoạch kiểm tra công vụ, cải cách hành chính: kiểm tra đột xuất khi "
       "có nhiều hồ sơ trễ hạn",
       "Đơn vị có nhiều hồ sơ quá hạn chưa giải quyết",
       "Unit has many open overdue dossiers"},
      {"UNIT_OVERDUE_RATE", v1::SEVERITY_WARNING,
       "Kế hoạch kiểm tra công vụ, cải cách hành chính: kiểm tra đột xuất khi "
       "có nhiều hồ sơ trễ hạn; Quyết định 766/QĐ-TTg (tiến độ giải quyết)",
       "Tỷ lệ hồ sơ giải quyết trễ hạn trong kỳ vượt ngưỡng",
       "Share of dossiers resolved late in the period above the threshold"},
      {"UNIT_FEEDBACK_SURGE", v1::SEVERITY_WARNING,
       "Kế hoạch kiểm tra công vụ, cải cách hành chính: kiểm tra đột xuất khi "
       "đơn vị có nhiều phản ánh, kiến nghị",
       "Phản ánh, kiến nghị về đơn vị tăng đột biến",
       "Surge of petitions about the unit"},
      {"INSPECTION_REPORT_NOT_RECEIVED", v1::SEVERITY_WARNING,
       "Kế hoạch kiểm tra công vụ, cải cách hành chính: đơn vị gửi báo cáo "
       "cho Đoàn kiểm tra chậm nhất 05 ngày làm việc trước ngày kiểm tra "
       "(trừ kiểm tra đột xuất)",
       "Đơn vị chưa gửi báo cáo trước buổi kiểm tra",
       "Unit report not received before the inspection visit"},
      {"INSPECTION_REMEDIATION_OVERDUE", v1::SEVERITY_WARNING,
       "Kết luận kiểm tra: thời hạn khắc phục tồn tại, hạn chế",
       "Quá hạn báo cáo khắc phục theo kết luận kiểm tra",
       "Remediation not reported by the conclusion's deadline"},
  };
  return kRules[static_cast<int>(rule)];
}

const std::vector<RuleId>& AllRules() {
  static const std::vector<RuleId> kAll = {
      RuleId::kDossierDueSoon,
      RuleId::kDossierOverdue,
      RuleId::kDossierResolvedLate,
      RuleId::kDossierStepLate,
      RuleId::kDossierNoApology,
      RuleId::kDossierSecondReschedule,
      RuleId::kDossierSecondSupplement,
      RuleId::kDossierLateSupplementRequest,
      RuleId::kDossierResultNotReturned,
      RuleId::kDossierAppointmentMismatch,
      RuleId::kFeedbackNotAcknowledged,
      RuleId::kFeedbackNotAnswered,
      RuleId::kFeedbackReopened,
      RuleId::kFeedbackUnsatisfied,
      RuleId::kFeedbackImmediateEscalation,
      RuleId::kFeedbackTransferLate,
      RuleId::kDossierLateRefusal,
      RuleId::kDossierLateTransfer,
      RuleId::kUnitOpenOverdue,
      RuleId::kUnitOverdueRate,
      RuleId::kUnitFeedbackSurge,
      RuleId::kInspectionReportNotReceived,
      RuleId::kInspectionRemediationOverdue,
  };
  return kAll;
}

}  // namespace giamsat::domain
