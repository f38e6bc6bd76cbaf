// Random interleavings of everything that moves a balance, against the loaded credits
// plugin, with a model of what each organization's balance and waiting cases must be.
// Three organizations; top-ups paid in parts by the provider's events or by the re-sync's
// answer (also to a top-up whose checkout failed), the same event delivered again, debits
// asked as billing asks them (also several at once on threads), debits given back, top-ups
// refunded (before and after they were credited), the lab's adjustments, held cases
// cancelled; and crashes: a step whose transaction throws after the credits handler
// ran (a subscriber of the event it published throws), rolled back whole, then delivered
// again as the real system would. After every step: the balance is the ledger's sum and
// never negative, no top-up credited and no invoice debited twice, no case debited while
// an older one of its organization waits, and the model equals the database.
//
// Only the credits plugin is loaded: the invoices and cases named by the debits exist in
// the test alone, so billing and cases, which would act on them, stay out.
// MOLAR_PROPERTY_SEED runs a failing sequence again; MOLAR_PROPERTY_STEPS sets its length.
#include "CreditsPortal.h"

#include "TestDatabase.h"

#include "CreditsServices.h"
#include "adjustments/LabAdjustments.h"
#include "autotopup/AutoTopUp.h"
#include "ledger/CreditRefusal.h"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <random>
#include <set>
#include <thread>

using namespace molar;
using namespace molar::test;

namespace {

// What a subscriber throws to stand for a crash after the credits handler ran.
struct InjectedCrash : std::runtime_error
{
    InjectedCrash() : std::runtime_error("injected crash") {}
};

struct ModelOrg
{
    std::int64_t id = 0;
    std::int64_t balance = 0;
    std::vector<std::int64_t> held; // case ids, in the order they are resumed
    int debits = 0;                 // debit entries ever made
};

struct ModelCase
{
    std::int64_t id = 0; // the case's and its invoice's id
    std::size_t org = 0;
    std::int64_t amount = 0;
    std::string state; // held, debited, returned, canceled
};

struct Delivery
{
    sdk::PaymentEvent event;
    bool recorded = true; // the payment service has its event id
};

struct ModelTopUp
{
    std::int64_t id = 0;
    std::string attempt;
    std::size_t org = 0;
    std::int64_t price = 0;
    std::int64_t credits = 0;
    std::int64_t received = 0; // as the top-up counts it (less what was refunded before it was credited)
    std::int64_t captured = 0; // as the payment service counts it
    std::int64_t refunded = 0;
    std::int64_t refundedAfterCredit = 0; // refunds since the pack was credited, in all
    bool credited = false;
    bool failed = false;
};

class PropertyRun
{
public:
    PropertyRun()
        : portal(DemoPortal::Settings{{"plugins.enabled", "credits"}}),
          autoTopUp(portal.testHost(), portal.creditsSettings, portal.ledger()),
          debits(portal.testHost(), portal.ledger(), autoTopUp), services{portal.testHost(),
                                                                          portal.creditsSettings,
                                                                          portal.ledger(),
                                                                          debits,
                                                                          portal.topups(),
                                                                          autoTopUp},
          adjustments(services), random(std::random_device{}())
    {
        seed = random();
        if (const char* chosen = std::getenv("MOLAR_PROPERTY_SEED"))
            seed = std::stoull(chosen);
        random.seed(seed);
        mysql = TestDatabase::backend() != "sqlite";
        steps = mysql ? 1200 : 2500;
        if (const char* chosen = std::getenv("MOLAR_PROPERTY_STEPS"))
            steps = std::stoi(chosen);
        std::cerr << "\nledger property: seed " << seed << ", " << steps << " steps, "
                  << TestDatabase::backend() << "\n";

        for (const std::int64_t id : {portal.pearl(), portal.smile()})
            orgs.push_back(organization(id));
        orgs.push_back(
            organization(portal.db().insert("INSERT INTO molar_organizations (name, reference_code, status, "
                                            "created_at) VALUES ('Gulf Smiles', 'PROP-GULF', 'active', ?)",
                                            {portal.nowMillis()})));
        // The crash: a subscriber of what the plugin publishes (or of the payment event it
        // handled, after it) throws once when armed, so the whole transaction rolls back.
        for (const char* name :
             {"payment.succeeded", "payment.refunded", "credits.topped_up", "credits.debited",
              "credits.case_held", "credits.case_resumed", "credits.debit_returned"})
            portal.portal().events().on(
                "credits-property", name,
                [this, event = std::string(name)](sdk::Transaction&, const sdk::Event&) {
                    std::lock_guard<std::mutex> lock(_crashMutex);
                    if (_crashOn != event)
                        return;
                    _crashOn.clear();
                    throw InjectedCrash();
                });
    }

    void run()
    {
        try {
            runSteps();
        } catch (const CppUnit::Exception&) {
            throw;
        } catch (const std::exception& e) {
            // What no step expected (a database error, a refusal): with the seed to run it again.
            CPPUNIT_FAIL(what(std::string("unexpected: ") + e.what()));
        }
    }

private:
    void runSteps()
    {
        for (step = 1; step <= steps; ++step) {
            portal.clock.advance(std::chrono::milliseconds(between(1, 5)));
            snapshot();
            const int dice = static_cast<int>(between(0, 99));
            if (dice < 10)
                beginTopUp();
            else if (dice < 32)
                receipt();
            else if (dice < 37)
                resync();
            else if (dice < 44)
                replayWebhook();
            else if (dice < 64)
                debit();
            else if (dice < 68)
                replayDebit();
            else if (dice < 74)
                returnDebit();
            else if (dice < 78)
                refund();
            else if (dice < 86)
                adjust();
            else if (dice < 89)
                cancelHeld();
            else if (dice < 91)
                failTopUp();
            else
                concurrentDebits();
            check();
        }
        finalCheck();
        std::cerr << "ledger property: " << crashes << " crashes replayed, " << holds << " holds, " << resumes
                  << " resumed, " << debitedAtOnce << " debited at once, " << concurrent
                  << " concurrent batches, " << refusals << " refusals\n";
        CPPUNIT_ASSERT_MESSAGE(what("no crash happened"), crashes > 0);
        CPPUNIT_ASSERT_MESSAGE(what("no case was held"), holds > 0);
        CPPUNIT_ASSERT_MESSAGE(what("no held case resumed"), resumes > 0);
        CPPUNIT_ASSERT_MESSAGE(what("no case was debited when received"), debitedAtOnce > 0);
    }

    // ---- the steps -----------------------------------------------------------------

    void beginTopUp()
    {
        const std::size_t o = pickOrg();
        // The small pack more often, so that balances run short and cases wait.
        const auto& packs = portal.creditsSettings.packs;
        const credits::Pack& pack = between(0, 9) < 6 ? packs.front() : packs[pick(packs.size())];
        const auto started = portal.startTopUp(orgs[o].id, pack.code);
        ModelTopUp t;
        t.id = started.topupId;
        t.attempt = started.attemptId;
        t.org = o;
        t.price = started.priceMinor;
        t.credits = pack.creditsMinor;
        CPPUNIT_ASSERT_EQUAL_MESSAGE(what("the pack's price"), pack.priceMinor, t.price);
        topups.push_back(t);
        label = "top-up " + std::to_string(t.id) + " begun";
    }

    // Money for a top-up: the rest of its price, a part of it, or (credited) more.
    void receipt()
    {
        ModelTopUp* t = pickTopUp();
        if (!t)
            return beginTopUp();
        const std::int64_t left = t->price - t->received;
        std::int64_t amount;
        if (left <= 0)
            amount = between(1, 50000);
        else if (between(0, 2) == 0)
            amount = left;
        else if (between(0, 4) == 0)
            amount = left + between(1, 20000); // a little more than asked
        else
            amount = between(1, std::max<std::int64_t>(1, left - 1));
        sdk::PaymentEvent event;
        event.providerEventId = "evt_" + std::to_string(++_ids);
        event.kind = sdk::PaymentEventKind::Succeeded;
        event.idempotencyKey = t->attempt;
        event.providerPaymentId = "rcpt_" + std::to_string(_ids);
        event.amount = {amount, "QAR"};
        label = "receipt of " + std::to_string(amount) + " for top-up " + std::to_string(t->id);
        const bool crashedThenBySync = between(0, 1) == 0;
        bool recorded = true;
        crashable({"payment.succeeded", "credits.topped_up", "credits.case_resumed"}, [&](bool again) {
            if (again && crashedThenBySync) {
                // The webhook's transaction died; the re-sync asks the provider, which
                // answers the total received, under the same receipt. The event itself
                // was never recorded: delivered again later, it adds nothing.
                portal.resynced(t->attempt, t->captured + amount, event.providerPaymentId);
                recorded = false;
                return;
            }
            CPPUNIT_ASSERT_MESSAGE(what("a new event is recorded"),
                                   portal.portal().payments().record(CreditsPortal::kCard, event));
        });
        delivered.push_back({event, recorded});
        moneyArrived(*t, amount);
    }

    // The re-sync finds money the webhooks never told (under a payment id of its own).
    void resync()
    {
        ModelTopUp* t = pickTopUp();
        if (!t)
            return beginTopUp();
        const std::int64_t left = t->price - t->received;
        const std::int64_t amount =
            left > 0 && between(0, 1) == 0 ? left : between(1, std::max<std::int64_t>(1, left));
        const std::string paymentId = "sync_" + std::to_string(++_ids);
        label = "re-sync of " + std::to_string(amount) + " for top-up " + std::to_string(t->id);
        crashable({"payment.succeeded", "credits.topped_up", "credits.case_resumed"},
                  [&](bool) { portal.resynced(t->attempt, t->captured + amount, paymentId); });
        moneyArrived(*t, amount);
        // Asked again with the same answer: nothing more.
        portal.resynced(t->attempt, t->captured, paymentId);
    }

    // A delivery seen before: the same event, or the same receipt under a new event id.
    void replayWebhook()
    {
        if (delivered.empty())
            return receipt();
        Delivery& delivery = delivered[pick(delivered.size())];
        sdk::PaymentEvent event = delivery.event;
        const bool sameDelivery = between(0, 1) == 0;
        if (!sameDelivery)
            event.providerEventId = "evt_" + std::to_string(++_ids);
        label = "replay of " + event.providerPaymentId + (sameDelivery ? " (same event)" : " (new event)");
        const bool recorded = portal.portal().payments().record(CreditsPortal::kCard, event);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(what("recorded"), !(sameDelivery && delivery.recorded), recorded);
        if (sameDelivery)
            delivery.recorded = true;
    }

    void debit()
    {
        ModelCase c;
        c.id = 100000 + (++_ids);
        c.org = pickOrg();
        c.amount = between(20000, 700000);
        label = "case " + std::to_string(c.id) + " of " + std::to_string(c.amount) + " received";
        crashable({"credits.debited", "credits.case_held"}, [&](bool) { creditsDue(c); });
        cases[c.id] = c;
        ModelOrg& org = orgs[c.org];
        ModelCase& kept = cases[c.id];
        if (!org.held.empty() || org.balance < c.amount) {
            kept.state = "held";
            org.held.push_back(c.id);
            ++holds;
        } else {
            kept.state = "debited";
            org.balance -= c.amount;
            ++org.debits;
            ++debitedAtOnce;
        }
    }

    // Billing asks again for a case it asked before: nothing changes.
    void replayDebit()
    {
        if (cases.empty())
            return debit();
        auto it = cases.begin();
        std::advance(it, static_cast<long>(pick(cases.size())));
        label = "case " + std::to_string(it->first) + " asked again (" + it->second.state + ")";
        creditsDue(it->second);
    }

    void returnDebit()
    {
        std::vector<ModelCase*> debited;
        std::vector<ModelCase*> other;
        for (auto& [id, c] : cases)
            (c.state == "debited" ? debited : other).push_back(&c);
        const sdk::Actor clerk{1, "Billing clerk", "127.0.0.1"};
        if (debited.empty() || (!other.empty() && between(0, 4) == 0)) {
            if (other.empty())
                return debit();
            // Never debited (held, cancelled) or given back already: refused, nothing moves.
            ModelCase& c = *other[pick(other.size())];
            label = "return of case " + std::to_string(c.id) + " (" + c.state + ") refused";
            try {
                debits.returnDebit(orgs[c.org].id, c.id, "Remade at the lab's cost", clerk);
                CPPUNIT_FAIL(what("a debit returned twice or never made was returned"));
            } catch (const credits::CreditRefusal& refused) {
                CPPUNIT_ASSERT_EQUAL_MESSAGE(what("refusal"), c.state == "returned" ? 409 : 404,
                                             refused.status());
                ++refusals;
            }
            return;
        }
        ModelCase& c = *debited[pick(debited.size())];
        label = "return of case " + std::to_string(c.id);
        crashable({"credits.debit_returned", "credits.case_resumed"},
                  [&](bool) { debits.returnDebit(orgs[c.org].id, c.id, "Remade at the lab's cost", clerk); });
        c.state = "returned";
        orgs[c.org].balance += c.amount;
        resume(orgs[c.org]);
    }

    // A credited top-up's money given back by the provider: the credits it bought go,
    // never below zero.
    void refund()
    {
        std::vector<ModelTopUp*> credited;
        std::vector<ModelTopUp*> waiting;
        for (auto& t : topups) {
            if (t.credited && t.captured > t.refunded)
                credited.push_back(&t);
            else if (!t.credited && t.received > 0)
                waiting.push_back(&t);
        }
        if (credited.empty() && waiting.empty())
            return receipt();
        const bool early = credited.empty() || (!waiting.empty() && between(0, 3) == 0);
        ModelTopUp& t = early ? *waiting[pick(waiting.size())] : *credited[pick(credited.size())];
        const std::int64_t left = early ? t.received : t.captured - t.refunded;
        const std::int64_t amount = between(0, 2) == 0 ? left : between(1, left);
        const std::string refundId = "re_" + std::to_string(++_ids);
        label = "refund of " + std::to_string(amount) + " of top-up " + std::to_string(t.id) +
                (early ? " before it was credited" : "");
        crashable({"payment.refunded"}, [&](bool) {
            CPPUNIT_ASSERT(portal.providerRefunded(CreditsPortal::kCard, t.attempt, amount, refundId));
        });
        t.refunded += amount;
        ModelOrg& org = orgs[t.org];
        if (early) {
            // Money given back before the pack was credited: less received, no credits to remove.
            t.received -= amount;
        } else {
            // Counted on every refund since the pack was credited, in all: money beyond the
            // price (credited at face value) goes back first, then the price, whose share of
            // the pack's credits is round(part × credits / price) half up; capped at the balance.
            const std::int64_t beyond = t.received - t.price;
            const auto removedBy = [&](std::int64_t refunded) {
                const std::int64_t ofBeyond = std::min(refunded, beyond);
                const std::int64_t ofPrice = std::min(refunded - ofBeyond, t.price);
                return ofBeyond + (ofPrice * t.credits * 2 + t.price) / (2 * t.price) +
                       (refunded - ofBeyond - ofPrice);
            };
            const std::int64_t removed =
                removedBy(t.refundedAfterCredit + amount) - removedBy(t.refundedAfterCredit);
            t.refundedAfterCredit += amount;
            org.balance -= std::min(org.balance, removed);
        }
        // The same refund told again.
        CPPUNIT_ASSERT_MESSAGE(what("a refund counted twice"),
                               !portal.providerRefunded(CreditsPortal::kCard, t.attempt, amount, refundId));
    }

    // The lab adds or removes credit with a reason (LabAdjustments, as its page does): one
    // entry under the form's key; more credit resumes what waits.
    void adjust()
    {
        const std::size_t o = pickOrg();
        ModelOrg& org = orgs[o];
        const bool add = between(0, 1) == 0;
        const std::int64_t amount = between(1, 800000);
        const std::string key = "prop" + std::to_string(++_ids);
        label = std::string(add ? "adjustment +" : "adjustment -") + std::to_string(amount) + " for org " +
                std::to_string(org.id);
        auto apply = [&](bool) {
            adjustments.adjust(org.id, add ? amount : -amount, "Property test", key,
                               sdk::Actor{1, "Lab admin", "127.0.0.1"});
        };
        if (!add && amount > org.balance) {
            try {
                apply(false);
                CPPUNIT_FAIL(what("an adjustment took the balance below zero"));
            } catch (const credits::CreditRefusal& refused) {
                CPPUNIT_ASSERT_EQUAL_MESSAGE(what("refusal"), 409, refused.status());
                ++refusals;
            }
            return;
        }
        crashable({"credits.case_resumed"}, apply);
        org.balance += add ? amount : -amount;
        if (add)
            resume(org);
    }

    // The clinic cancels a waiting case: its hold ends, nothing is debited for it.
    void cancelHeld()
    {
        std::vector<std::size_t> withHeld;
        for (std::size_t o = 0; o < orgs.size(); ++o)
            if (!orgs[o].held.empty())
                withHeld.push_back(o);
        if (withHeld.empty())
            return debit();
        ModelOrg& org = orgs[withHeld[pick(withHeld.size())]];
        const std::size_t at = pick(org.held.size());
        const std::int64_t caseId = org.held[at];
        label = "case " + std::to_string(caseId) + " cancelled while held";
        portal.db().transaction([&](sdk::Transaction& tx) {
            portal.portal().events().publish(
                tx, "case.cancelled",
                sdk::Value::object(
                    {{"caseId", caseId}, {"organizationId", org.id}, {"reason", "Not needed"}}));
        });
        cases[caseId].state = "canceled";
        org.held.erase(org.held.begin() + static_cast<long>(at));
        // The cases behind it go on as far as the balance pays them.
        resume(org);
    }

    // A checkout that expired before any money came.
    void failTopUp()
    {
        std::vector<ModelTopUp*> untouched;
        for (auto& t : topups)
            if (!t.failed && t.captured == 0)
                untouched.push_back(&t);
        if (untouched.empty())
            return beginTopUp();
        ModelTopUp& t = *untouched[pick(untouched.size())];
        label = "top-up " + std::to_string(t.id) + " failed";
        CPPUNIT_ASSERT(
            portal.providerFailed(CreditsPortal::kCard, t.attempt, "evt_fail_" + std::to_string(++_ids)));
        t.failed = true;
    }

    // Several cases of one organization received at once (threads), one of them asked
    // twice at the same moment: each debited or held once, never past the balance.
    void concurrentDebits()
    {
        const std::size_t o = pickOrg();
        ModelOrg& org = orgs[o];
        const int n = static_cast<int>(between(3, 6));
        std::vector<ModelCase> batch;
        for (int i = 0; i < n; ++i) {
            ModelCase c;
            c.id = 100000 + (++_ids);
            c.org = o;
            c.amount = between(20000, 500000);
            batch.push_back(c);
        }
        label = std::to_string(n) + " cases of org " + std::to_string(org.id) + " at once";
        std::vector<std::size_t> asks;
        for (std::size_t i = 0; i < batch.size(); ++i)
            asks.push_back(i);
        asks.push_back(pick(batch.size()));
        std::mutex mutex;
        std::vector<std::string> failures;
        std::vector<std::thread> threads;
        for (std::size_t i : asks)
            threads.emplace_back([&, i] {
                try {
                    creditsDue(batch[i]);
                } catch (const std::exception& e) {
                    std::lock_guard<std::mutex> lock(mutex);
                    failures.push_back(std::to_string(batch[i].id) + ": " + e.what());
                }
            });
        for (auto& t : threads)
            t.join();
        std::string all;
        for (const auto& f : failures)
            all += f + "\n";
        CPPUNIT_ASSERT_MESSAGE(what("a case received at once failed: " + all), failures.empty());
        ++concurrent;

        // Which were debited depends on the order they came in: read it, then hold it to
        // the rules. Once one waits, every later one waits (so none is debited while an
        // older waits); the first to wait did not fit what was left.
        const bool heldBefore = !org.held.empty();
        std::int64_t debitedSum = 0;
        std::vector<ModelCase> held;
        for (auto& c : batch) {
            const bool isDebited = portal.count("SELECT COUNT(*) FROM credits_ledger WHERE source_key = ?",
                                                {"debit:invoice:" + std::to_string(c.id)}) == 1;
            const bool isHeld =
                portal.count("SELECT COUNT(*) FROM credits_holds WHERE case_id = ? AND state = "
                             "'held'",
                             {c.id}) == 1;
            CPPUNIT_ASSERT_MESSAGE(what("case " + std::to_string(c.id) + " neither or both debited and held"),
                                   isDebited != isHeld);
            c.state = isDebited ? "debited" : "held";
            if (isDebited) {
                debitedSum += c.amount;
                ++org.debits;
            } else {
                held.push_back(c);
                ++holds;
            }
            cases[c.id] = c;
        }
        if (heldBefore)
            CPPUNIT_ASSERT_EQUAL_MESSAGE(what("debited while older cases wait"), std::int64_t(0), debitedSum);
        CPPUNIT_ASSERT_MESSAGE(what("debited past the balance"), debitedSum <= org.balance);
        org.balance -= debitedSum;
        if (!held.empty()) {
            std::int64_t largest = 0;
            for (const auto& c : held)
                largest = std::max(largest, c.amount);
            CPPUNIT_ASSERT_MESSAGE(what("a case waits that the balance could pay"),
                                   heldBefore || largest > org.balance);
        }
        // Held at the same moment: they wait in the order of their ids.
        std::sort(held.begin(), held.end(),
                  [](const ModelCase& a, const ModelCase& b) { return a.id < b.id; });
        for (const auto& c : held)
            org.held.push_back(c.id);
    }

    // ---- model rules ---------------------------------------------------------------

    void moneyArrived(ModelTopUp& t, std::int64_t amount)
    {
        ModelOrg& org = orgs[t.org];
        t.received += amount;
        t.captured += amount;
        if (t.credited) {
            org.balance += amount; // beyond a credited top-up: at face value
        } else if (t.received >= t.price) {
            t.credited = true;
            org.balance += t.credits + (t.received - t.price);
        } else {
            return;
        }
        resume(org);
    }

    // Held cases resume oldest first while the balance pays each.
    void resume(ModelOrg& org)
    {
        while (!org.held.empty()) {
            ModelCase& c = cases[org.held.front()];
            if (org.balance < c.amount)
                break;
            org.balance -= c.amount;
            c.state = "debited";
            ++org.debits;
            ++resumes;
            org.held.erase(org.held.begin());
        }
    }

    // ---- the crash -----------------------------------------------------------------

    // Runs `act` (false: first time). With some chance a crash is armed on one of
    // `events` first: if it fires, the database must be as before the step, and `act`
    // runs again (true), as the redelivery or the re-sync would.
    void crashable(const std::vector<std::string>& events, const std::function<void(bool)>& act)
    {
        const bool arm = between(0, 99) < 15;
        std::string armed;
        if (arm) {
            armed = events[pick(events.size())];
            std::lock_guard<std::mutex> lock(_crashMutex);
            _crashOn = armed;
        }
        bool crashed = false;
        try {
            act(false);
        } catch (const InjectedCrash&) {
            crashed = true;
        }
        {
            std::lock_guard<std::mutex> lock(_crashMutex);
            _crashOn.clear();
        }
        if (!crashed)
            return;
        ++crashes;
        const std::string was = label;
        label = was + ", crashed on " + armed;
        check();
        label = was + ", after a crash on " + armed;
        act(true);
        label = was;
    }

    // ---- the checks ----------------------------------------------------------------

    void snapshot()
    {
        _maxEntryBefore = portal.count("SELECT COALESCE(MAX(id), 0) FROM credits_ledger");
        _creditedBefore = 0;
        for (const auto& t : topups)
            _creditedBefore += t.credited ? 1 : 0;
        _debitsBefore.clear();
        for (const auto& org : orgs)
            _debitsBefore.push_back(org.debits);
        _oldestHeldBefore.clear();
        for (const auto& org : orgs)
            _oldestHeldBefore.push_back(org.held.empty() ? 0 : org.held.front());
    }

    void check()
    {
        for (std::size_t o = 0; o < orgs.size(); ++o) {
            const ModelOrg& org = orgs[o];
            const std::string who = " of org " + std::to_string(org.id);
            const std::int64_t cached = portal.balance(org.id);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(what("balance = ledger sum" + who), portal.ledgerSum(org.id),
                                         cached);
            CPPUNIT_ASSERT_MESSAGE(what("balance >= 0" + who), cached >= 0);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(what("balance = model" + who), org.balance, cached);
            auto rows =
                portal.db().query("SELECT case_id FROM credits_holds WHERE organization_id = ? AND state = "
                                  "'held' ORDER BY held_at, case_id",
                                  {org.id});
            std::vector<std::int64_t> held;
            for (std::size_t i = 0; i < rows.size(); ++i)
                held.push_back(rows.get(i, "case_id").asInt());
            CPPUNIT_ASSERT_MESSAGE(what("held cases" + who + ": " + list(held) + ", model " + list(org.held)),
                                   held == org.held);
            // Debit entries: those before this step (checked then) and the new ones.
            CPPUNIT_ASSERT_EQUAL_MESSAGE(what("debits" + who), std::int64_t(org.debits),
                                         _debitsBefore[o] +
                                             portal.count("SELECT COUNT(*) FROM credits_ledger WHERE "
                                                          "id > ? AND organization_id = ? AND kind = "
                                                          "'debit'",
                                                          {_maxEntryBefore, org.id}));
            // No new debit for a case newer than one that waited before this step and waits still.
            const std::int64_t oldest = _oldestHeldBefore[o];
            if (oldest > 0 && std::find(held.begin(), held.end(), oldest) != held.end())
                CPPUNIT_ASSERT_EQUAL_MESSAGE(
                    what("a case debited while an older one waits" + who), std::int64_t(0),
                    portal.count(
                        "SELECT COUNT(*) FROM credits_ledger WHERE organization_id = ? AND kind = 'debit' "
                        "AND id > ? AND case_id > ?",
                        {org.id, _maxEntryBefore, oldest}));
        }
        // No new debit of an invoice debited before (or twice in this step).
        CPPUNIT_ASSERT_EQUAL_MESSAGE(
            what("an invoice debited twice"), std::int64_t(0),
            portal.count(
                "SELECT COUNT(*) FROM credits_ledger n JOIN credits_ledger o ON o.invoice_id = n.invoice_id "
                "AND o.id <> n.id AND o.kind = 'debit' WHERE n.id > ? AND n.kind = 'debit'",
                {_maxEntryBefore}));
        // Each top-up credited at most once: one entry under its own source, topup:<id>.
        std::int64_t credited = 0;
        for (const auto& t : topups)
            credited += t.credited ? 1 : 0;
        CPPUNIT_ASSERT_EQUAL_MESSAGE(
            what("top-ups credited"), credited,
            _creditedBefore +
                portal.count("SELECT COUNT(*) FROM credits_ledger WHERE id > ? AND kind = 'topup' AND "
                             "source_key = " +
                                 concat("'topup:'", "topup_id"),
                             {_maxEntryBefore}));
        if (step % 250 == 0 || step == steps)
            checkWhole();
    }

    // The same over the whole ledger (slower, so now and then).
    void checkWhole()
    {
        CPPUNIT_ASSERT_EQUAL_MESSAGE(
            what("a source with two entries"), std::int64_t(0),
            portal.count(
                "SELECT COUNT(*) FROM (SELECT source_key FROM credits_ledger GROUP BY source_key HAVING "
                "COUNT(*) > 1) twice"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(
            what("an invoice debited twice"), std::int64_t(0),
            portal.count(
                "SELECT COUNT(*) FROM (SELECT invoice_id FROM credits_ledger WHERE kind = 'debit' GROUP "
                "BY invoice_id HAVING COUNT(*) > 1) twice"));
        std::int64_t credited = 0;
        for (const auto& t : topups)
            credited += t.credited ? 1 : 0;
        CPPUNIT_ASSERT_EQUAL_MESSAGE(
            what("top-ups credited, whole ledger"), credited,
            portal.count("SELECT COUNT(*) FROM credits_ledger l JOIN credits_topups t ON l.source_key = " +
                         concat("'topup:'", "t.id") + " WHERE l.kind = 'topup'"));
    }

    // Every top-up as the model has it: its state, the money received, and what it put
    // in the ledger (the pack and everything beyond the price, at face value).
    void finalCheck()
    {
        label = "the end";
        for (const auto& t : topups) {
            const std::string which = " of top-up " + std::to_string(t.id);
            auto row =
                portal.db().query("SELECT state, received_minor FROM credits_topups WHERE id = ?", {t.id});
            CPPUNIT_ASSERT_EQUAL_MESSAGE(what("rows" + which), std::size_t(1), row.size());
            const std::string state = t.credited ? "credited" : t.failed ? "failed" : "pending";
            CPPUNIT_ASSERT_EQUAL_MESSAGE(what("state" + which), state, row.get(0, "state").toString());
            CPPUNIT_ASSERT_EQUAL_MESSAGE(what("received" + which), t.received,
                                         row.get(0, "received_minor").asInt());
            CPPUNIT_ASSERT_EQUAL_MESSAGE(
                what("credited" + which), t.credited ? t.credits + t.received - t.price : std::int64_t(0),
                portal.count(
                    "SELECT COALESCE(SUM(amount_minor), 0) FROM credits_ledger WHERE topup_id = ? AND kind "
                    "= 'topup'",
                    {t.id}));
        }
    }

    // ---- helpers -------------------------------------------------------------------

    static ModelOrg organization(std::int64_t id)
    {
        ModelOrg org;
        org.id = id;
        return org;
    }

    // invoice.credits_due as billing publishes it, in a transaction of its own.
    void creditsDue(const ModelCase& c)
    {
        portal.db().transaction([&](sdk::Transaction& tx) {
            portal.portal().events().publish(
                tx, "invoice.credits_due",
                sdk::Value::object({{"invoiceId", c.id},
                                    {"caseId", c.id},
                                    {"number", "TR-PROP-" + std::to_string(c.id)},
                                    {"organizationId", orgs[c.org].id},
                                    {"ownerUserId", 0},
                                    {"amountMinor", c.amount},
                                    {"currency", "QAR"},
                                    {"productName", "Zirconia crown"},
                                    {"actorUserId", 0}}));
        });
    }

    // A top-up to receive money: one waiting for it mostly, sometimes one credited (more
    // money), rarely one whose checkout failed (money received is a fact all the same).
    ModelTopUp* pickTopUp()
    {
        std::vector<ModelTopUp*> open;
        std::vector<ModelTopUp*> done;
        std::vector<ModelTopUp*> failed;
        for (auto& t : topups)
            (t.credited ? done : t.failed ? failed : open).push_back(&t);
        if (!failed.empty() && between(0, 19) == 0)
            return failed[pick(failed.size())];
        if (!open.empty() && (done.empty() || between(0, 9) < 7))
            return open[pick(open.size())];
        if (!done.empty())
            return done[pick(done.size())];
        return nullptr;
    }

    std::string concat(const std::string& a, const std::string& b)
    {
        return mysql ? "CONCAT(" + a + ", " + b + ")" : a + " || " + b;
    }
    static std::string list(const std::vector<std::int64_t>& ids)
    {
        std::string out = "[";
        for (auto id : ids)
            out += (out.size() > 1 ? " " : "") + std::to_string(id);
        return out + "]";
    }
    std::string what(const std::string& problem) const
    {
        return "seed " + std::to_string(seed) + ", step " + std::to_string(step) + " (" + label +
               "): " + problem;
    }
    std::int64_t between(std::int64_t low, std::int64_t high)
    {
        return std::uniform_int_distribution<std::int64_t>(low, high)(random);
    }
    std::size_t pick(std::size_t n)
    {
        return static_cast<std::size_t>(between(0, static_cast<std::int64_t>(n) - 1));
    }
    std::size_t pickOrg() { return pick(orgs.size()); }

    CreditsPortal portal;
    // The lab's returns and adjustments, through the plugin's code as its pages call it.
    credits::AutoTopUp autoTopUp;
    credits::CaseDebits debits;
    credits::CreditsServices services;
    credits::LabAdjustments adjustments;
    std::mt19937_64 random;
    std::uint64_t seed = 0;
    bool mysql = false;
    int steps = 0;
    int step = 0;
    std::string label;

    std::vector<ModelOrg> orgs;
    std::map<std::int64_t, ModelCase> cases;
    std::vector<ModelTopUp> topups;
    std::vector<Delivery> delivered;
    int crashes = 0, holds = 0, resumes = 0, debitedAtOnce = 0, concurrent = 0, refusals = 0;

    std::int64_t _ids = 0;
    std::int64_t _maxEntryBefore = 0;
    std::vector<std::int64_t> _oldestHeldBefore;
    std::vector<std::int64_t> _debitsBefore;
    std::int64_t _creditedBefore = 0;
    std::mutex _crashMutex;
    std::string _crashOn;
};

} // namespace

class LedgerPropertyTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(LedgerPropertyTest);
    CPPUNIT_TEST(randomInterleavingsKeepEveryBalanceTheSumOfItsLedger);
    CPPUNIT_TEST_SUITE_END();

public:
    void randomInterleavingsKeepEveryBalanceTheSumOfItsLedger()
    {
        PropertyRun run;
        run.run();
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(LedgerPropertyTest);
