#pragma once
// Queueing theory for checking the simulator and as a first guess for staffing:
// the M/M/c queue (Poisson arrivals, exponential service, c identical windows
// serving one queue first come first served). Pure functions.

namespace hallq::sim {

// Erlang C: the probability that an arrival waits (all c windows busy), for an
// offered load of `a` = arrival rate × mean service time (in erlangs).
// 1 when a ≥ c (the queue grows without bound).
double erlang_c(int c, double a);

// The mean wait in queue of an M/M/c queue in seconds: C(c, a) × S ÷ (c − a),
// with S the mean service time. Infinite when a ≥ c.
double erlang_c_mean_wait(int c, double arrivals_per_s, double mean_service_s);

// The share of arrivals that wait at most t seconds: 1 − C(c, a)·e^(−(c − a)·t/S).
double erlang_c_within(int c, double arrivals_per_s, double mean_service_s, double t_s);

}  // namespace hallq::sim
