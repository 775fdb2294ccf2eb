#include "common/domain/dossier_figures.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/domain/figure_fields.h"
#include "tests/support/event_builders.h"

namespace giamsat::domain {
namespace {

using ::giamsat::testing::DossierReceived;
using ::giamsat::testing::DossierResolved;
using ::giamsat::testing::DossierWithdrawn;
using ::giamsat::testing::VnTime;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

const absl::CivilDay kApr24(2026, 4, 24);
const absl::CivilDay kApr28(2026, 4, 28);

TEST(DossierFiguresTest, ReceiptCountsReceivedAndInProgress) {
  v1::DossierState state;
  DossierEffects fx = ApplyDossierEvent(
      DossierReceived("e1", "D1", "U1", VnTime("2026-04-24T16:00:00+07:00")),
      state);
  EXPECT_FALSE(fx.duplicate);
  EXPECT_THAT(
      fx.deltas,
      ElementsAre(CounterDelta{"U1", kApr24, kFieldReceived, 1},
                  CounterDelta{"U1", std::nullopt, kFieldInProgress, 1}));
  EXPECT_TRUE(state.received());
  EXPECT_EQ(state.unit_id(), "U1");
}

TEST(DossierFiguresTest, DayIsTheVietnamDayOfTheEvent) {
  v1::DossierState state;
  // 23:30 in Vietnam on the 24th is 16:30 UTC: still the 24th.
  DossierEffects fx = ApplyDossierEvent(
      DossierReceived("e1", "D1", "U1", VnTime("2026-04-24T16:30:00Z")), state);
  ASSERT_FALSE(fx.deltas.empty());
  EXPECT_EQ(fx.deltas[0].day, kApr24);
}

TEST(DossierFiguresTest, ResolutionCountsForTheReceivingUnit) {
  v1::DossierState state;
  ApplyDossierEvent(
      DossierReceived("e1", "D1", "U1", VnTime("2026-04-24T09:00:00+07:00")),
      state);
  DossierEffects fx = ApplyDossierEvent(
      DossierResolved("e2", "D1", "U2", VnTime("2026-04-28T10:00:00+07:00")),
      state);
  EXPECT_THAT(
      fx.deltas,
      ElementsAre(CounterDelta{"U1", kApr28, kFieldResolved, 1},
                  CounterDelta{"U1", std::nullopt, kFieldInProgress, -1}));
  EXPECT_TRUE(state.closed());
}

TEST(DossierFiguresTest, SameEventTwiceChangesNothingTheSecondTime) {
  v1::DossierState state;
  const v1::Event e =
      DossierReceived("e1", "D1", "U1", VnTime("2026-04-24T09:00:00+07:00"));
  ApplyDossierEvent(e, state);
  const std::string before = state.SerializeAsString();
  DossierEffects again = ApplyDossierEvent(e, state);
  EXPECT_TRUE(again.duplicate);
  EXPECT_THAT(again.deltas, IsEmpty());
  EXPECT_EQ(state.SerializeAsString(), before);
}

TEST(DossierFiguresTest, ResolutionBeforeReceiptIsCountedOnce) {
  v1::DossierState state;
  DossierEffects first = ApplyDossierEvent(
      DossierResolved("e2", "D1", "U1", VnTime("2026-04-28T10:00:00+07:00")),
      state);
  EXPECT_THAT(first.deltas,
              ElementsAre(CounterDelta{"U1", kApr28, kFieldResolved, 1}));
  DossierEffects late = ApplyDossierEvent(
      DossierReceived("e1", "D1", "U1", VnTime("2026-04-24T09:00:00+07:00")),
      state);
  // Received is counted; it never entered "in progress".
  EXPECT_THAT(late.deltas,
              ElementsAre(CounterDelta{"U1", kApr24, kFieldReceived, 1}));
}

TEST(DossierFiguresTest, WithdrawalLeavesProgressWithoutResolving) {
  v1::DossierState state;
  ApplyDossierEvent(
      DossierReceived("e1", "D1", "U1", VnTime("2026-04-24T09:00:00+07:00")),
      state);
  DossierEffects fx = ApplyDossierEvent(
      DossierWithdrawn("e2", "D1", "U1", VnTime("2026-04-27T09:00:00+07:00")),
      state);
  EXPECT_THAT(fx.deltas, ElementsAre(CounterDelta{"U1", std::nullopt,
                                                  kFieldInProgress, -1}));
}

TEST(DossierFiguresTest, SecondResolutionIsIgnored) {
  v1::DossierState state;
  ApplyDossierEvent(
      DossierReceived("e1", "D1", "U1", VnTime("2026-04-24T09:00:00+07:00")),
      state);
  ApplyDossierEvent(
      DossierResolved("e2", "D1", "U1", VnTime("2026-04-27T09:00:00+07:00")),
      state);
  DossierEffects fx = ApplyDossierEvent(
      DossierResolved("e3", "D1", "U1", VnTime("2026-04-28T09:00:00+07:00")),
      state);
  EXPECT_FALSE(fx.duplicate);
  EXPECT_THAT(fx.deltas, IsEmpty());
}

TEST(DossierFiguresTest, RemembersABoundedNumberOfEventIds) {
  v1::DossierState state;
  for (int i = 0; i < kRememberedEventIds + 10; ++i) {
    ApplyDossierEvent(DossierResolved("e" + std::to_string(i), "D1", "U1",
                                      VnTime("2026-04-28T09:00:00+07:00")),
                      state);
  }
  EXPECT_EQ(state.applied_event_ids_size(), kRememberedEventIds);
  EXPECT_EQ(state.applied_event_ids(kRememberedEventIds - 1),
            "e" + std::to_string(kRememberedEventIds + 9));
}

}  // namespace
}  // namespace giamsat::domain
