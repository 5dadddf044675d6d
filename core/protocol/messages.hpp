#pragma once
// Every message of the wire protocol (docs/protocol.md), for clients that speak
// all of it. The envelope is core/protocol/envelope.hpp; the types are in:
//   session.hpp       hello, ping, subscribe
//   hall.hpp          the hall's description (hall) and live state (snapshot)
//   tickets.hpp       the ticket object; take, status, cancel, requeue
//   appointments.hpp  checkin, import_appointments
//   windows.hpp       the window object; login … resume, call …, waiting
//   admin.hpp         stats, alarms, device_status (printer and reader states)
//   cases.hpp         cases, hand-over sheets, notices (docs/cases.md)
//   ratings.hpp       好差评: ratings, follow-ups (docs/ratings.md)
//   help.hpp          calls for a guide from kiosks, the help desk's register
//   planning.hpp      staffing advice (docs/simulation.md)
//   events.hpp        what the server pushes

#include <tuple>

#include "core/protocol/admin.hpp"
#include "core/protocol/appointments.hpp"
#include "core/protocol/cases.hpp"
#include "core/protocol/envelope.hpp"
#include "core/protocol/events.hpp"
#include "core/protocol/hall.hpp"
#include "core/protocol/help.hpp"
#include "core/protocol/planning.hpp"
#include "core/protocol/ratings.hpp"
#include "core/protocol/session.hpp"
#include "core/protocol/tickets.hpp"
#include "core/protocol/windows.hpp"

namespace hallq::protocol {

// Every request of the protocol, for code that walks all of them (the
// documentation test, the conformance test).
using Requests = std::tuple<
    HelloRequest, PingRequest, ByeRequest, HallRequest, SubscribeRequest, SnapshotRequest, TakeRequest, StatusRequest,
    CancelRequest, RequeueRequest, CheckinRequest, ImportAppointmentsRequest, LoginRequest, LogoutRequest, PauseRequest,
    ResumeRequest, CallRequest, CallNumberRequest, RecallRequest, NoShowRequest, FinishRequest, TransferRequest,
    WaitingRequest, StatsRequest, AlarmsRequest, HealthRequest, DeviceStatusRequest, UnlockRequest, SetPasswordRequest,
    CaseOpenRequest, CaseMaterialsRequest, CaseSupplementRequest, CaseAcceptRequest, CaseDecideRequest,
    CaseWithdrawRequest, CaseReadyRequest, CasePickupRequest, CaseStatusRequest, CaseLookupRequest, CasesRequest,
    PickupRegisterRequest, NotificationsRequest, HandoverCreateRequest, HandoverReceiveRequest, HandoverReturnRequest,
    HandoverShowRequest, HandoversRequest, RateRequest, RatePhoneRequest, FollowupsRequest, FollowupUpdateRequest,
    RatingFiguresRequest, RatingListRequest, MyRatingsRequest, ReassignRequest, TicketsRequest, AppointmentsRequest,
    DevicesRequest, UsersRequest, HelpRequestRequest, HelpTakeRequest, HelpRequestsRequest, HelpdeskAddRequest,
    HelpdeskListRequest, HelpdeskDoneRequest, HelpFiguresRequest, BackupRequest, StaffingRequest>;

}  // namespace hallq::protocol
