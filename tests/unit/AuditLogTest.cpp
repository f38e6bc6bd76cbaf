// The audit log on both databases: entries commit with their transaction, the
// searches an admin runs, keyset paging, the CSV export, and a table that refuses
// UPDATE and DELETE.
#include "Assertions.h"
#include "TestDatabase.h"

#include "audit/AuditLog.h"
#include "audit/AuditMigrations.h"
#include "core/Clocks.h"
#include "db/Migrator.h"

#include "molar/sdk/Errors.h"

#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>
#include <memory>
#include <set>
#include <sstream>
#include <stdexcept>

using molar::host::AuditLog;
using molar::host::AuditQuery;
using molar::host::AuditRecord;
using molar::sdk::Actor;
using molar::sdk::AuditEntry;
using std::chrono::milliseconds;

namespace {

// 2026-11-22T20:15:03Z
const std::int64_t kStartMs = 1795378503000;

std::vector<std::string> actions(const std::vector<AuditRecord>& records)
{
    std::vector<std::string> out;
    for (const auto& r : records)
        out.push_back(r.action);
    return out;
}

std::vector<std::string> lines(const std::string& csv)
{
    std::vector<std::string> out;
    std::size_t start = 0;
    for (std::size_t end; (end = csv.find("\r\n", start)) != std::string::npos; start = end + 2)
        out.push_back(csv.substr(start, end - start));
    return out;
}

} // namespace

class AuditLogTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(AuditLogTest);
    CPPUNIT_TEST(testCommittedEntryIsKeptRolledBackIsNot);
    CPPUNIT_TEST(testEmptyActionIsRefused);
    CPPUNIT_TEST(testOverlongAndInvalidTextIsFitted);
    CPPUNIT_TEST(testSearchByActorSubstring);
    CPPUNIT_TEST(testSearchByActionExactAndPrefix);
    CPPUNIT_TEST(testSearchByObjectAndOrganization);
    CPPUNIT_TEST(testDateRangeIncludesFromExcludesTo);
    CPPUNIT_TEST(testKeysetPagingReturnsEachEntryOnce);
    CPPUNIT_TEST(testCsvHeaderAndQuoting);
    CPPUNIT_TEST(testCsvNeutralisesFormulas);
    CPPUNIT_TEST(testLargeExportStreamsEveryRow);
    CPPUNIT_TEST(testUpdateAndDeleteAreRefused);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override
    {
        _db = std::make_unique<molar::test::TestDatabase>();
        molar::host::Migrator(_db->pool()).apply("audit", molar::host::auditMigrations(_db->dialect()));
        _clock = std::make_unique<molar::host::ManualClock>(
            std::chrono::system_clock::time_point(milliseconds(kStartMs)));
        _audit = std::make_unique<AuditLog>(_db->database(), *_clock);
    }

    void tearDown() override
    {
        _audit.reset();
        _clock.reset();
        _db.reset();
    }

    void testCommittedEntryIsKeptRolledBackIsNot()
    {
        Actor lina{42, "Dr Lina Haddad <lina@clinic.example>", "203.0.113.7"};
        CPPUNIT_ASSERT_THROW(_db->database().transaction([&](molar::sdk::Transaction& tx) {
            _audit->record(tx, lina, {"case.submitted", "case", "TR-261122-0001", 7, "crown"});
            throw std::runtime_error("the case did not save");
        }),
                             std::runtime_error);
        CPPUNIT_ASSERT(all().empty());

        _db->database().transaction([&](molar::sdk::Transaction& tx) {
            _audit->record(tx, lina, {"case.submitted", "case", "TR-261122-0002", 7, "crown"});
        });
        auto found = all();
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), found.size());
        const auto& r = found[0];
        CPPUNIT_ASSERT_EQUAL(kStartMs, r.atMs);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(42), r.actorUserId);
        CPPUNIT_ASSERT_EQUAL(lina.label, r.actorLabel);
        CPPUNIT_ASSERT_EQUAL(std::string("203.0.113.7"), r.address);
        CPPUNIT_ASSERT_EQUAL(std::string("case.submitted"), r.action);
        CPPUNIT_ASSERT_EQUAL(std::string("case"), r.objectType);
        CPPUNIT_ASSERT_EQUAL(std::string("TR-261122-0002"), r.objectId);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(7), r.organizationId);
        CPPUNIT_ASSERT_EQUAL(std::string("crown"), r.detail);

        // The system acts for no user and no organization: both stored as NULL.
        record(Actor::system("nightly"), {"jobs.parked", "job", "17", 0, ""});
        auto row = _db->database().query("SELECT actor_user_id, organization_id FROM molar_audit WHERE "
                                         "action = ?",
                                         {"jobs.parked"});
        CPPUNIT_ASSERT(row.row(0).at(0).isNull());
        CPPUNIT_ASSERT(row.row(0).at(1).isNull());
        CPPUNIT_ASSERT_EQUAL(std::string("system: nightly"), all()[0].actorLabel);
    }

    void testEmptyActionIsRefused()
    {
        _db->database().transaction([&](molar::sdk::Transaction& tx) {
            CPPUNIT_ASSERT_THROW(_audit->record(tx, Actor::system("x"), {}), std::invalid_argument);
            CPPUNIT_ASSERT_THROW(_audit->record(tx, Actor::system("x"), {" ", "", "", 0, ""}),
                                 std::invalid_argument);
        });
        CPPUNIT_ASSERT(all().empty());
    }

    void testOverlongAndInvalidTextIsFitted()
    {
        // 1500 two-byte characters: MySQL counts characters, so the cut must too.
        std::string detail;
        for (int i = 0; i < 1500; ++i)
            detail += "\xC3\xA9"; // é
        const std::string label = std::string(300, 'L');
        const std::string badBytes = "caf\xC3 \xFF\xFE end"; // a cut sequence, then bytes UTF-8 never has
        record(Actor{1, label, std::string(100, '9')}, {"profile.changed", "user", badBytes, 0, detail});

        auto r = all().at(0);
        const std::string ellipsis = "\xE2\x80\xA6";
        CPPUNIT_ASSERT_EQUAL(std::string(199, 'L') + ellipsis, r.actorLabel);
        CPPUNIT_ASSERT_EQUAL(std::string(63, '9') + ellipsis, r.address);
        CPPUNIT_ASSERT_EQUAL(std::size_t(999 * 2 + 3), r.detail.size());
        CPPUNIT_ASSERT(r.detail.compare(r.detail.size() - 3, 3, ellipsis) == 0);
        const std::string replacement = "\xEF\xBF\xBD";
        CPPUNIT_ASSERT_EQUAL("caf" + replacement + " " + replacement + replacement + " end", r.objectId);
    }

    void testSearchByActorSubstring()
    {
        record(Actor{1, "Dr Lina Haddad <lina@clinic.example>", ""}, {"sign_in", "", "", 0, ""});
        record(Actor{2, "LINA at the lab", ""}, {"sign_in", "", "", 0, ""});
        record(Actor{3, "100% Smiles <owner@smiles.example>", ""}, {"sign_in", "", "", 0, ""});
        record(Actor{4, "1000 Dental <desk@dental.example>", ""}, {"sign_in", "", "", 0, ""});
        record(Actor{5, "a_b", ""}, {"sign_in", "", "", 0, ""});
        record(Actor{6, "axb", ""}, {"sign_in", "", "", 0, ""});

        CPPUNIT_ASSERT_EQUAL(
            (std::vector<std::string>{"LINA at the lab", "Dr Lina Haddad <lina@clinic.example>"}),
            labels(search(actorQuery("lInA"))));
        // '%' and '_' are what the admin typed, not wildcards.
        CPPUNIT_ASSERT_EQUAL(std::vector<std::string>{"100% Smiles <owner@smiles.example>"},
                             labels(search(actorQuery("100%"))));
        CPPUNIT_ASSERT_EQUAL(std::vector<std::string>{"a_b"}, labels(search(actorQuery("a_b"))));
        CPPUNIT_ASSERT(search(actorQuery("!")).empty());
        CPPUNIT_ASSERT(search(actorQuery("nobody")).empty());
        // Bytes that are not UTF-8 find nothing instead of failing the query.
        CPPUNIT_ASSERT(search(actorQuery("lina\xFF")).empty());
    }

    void testSearchByActionExactAndPrefix()
    {
        for (const char* action : {"sign_in", "sign_in.failed", "sign_out", "signXin.odd", "case.submitted"})
            record(Actor::system("t"), {action, "", "", 0, ""});

        AuditQuery q;
        q.action = "sign_in";
        CPPUNIT_ASSERT_EQUAL(std::vector<std::string>{"sign_in"}, actions(search(q)));
        q.action = "sign_in*";
        CPPUNIT_ASSERT_EQUAL((std::vector<std::string>{"sign_in.failed", "sign_in"}), actions(search(q)));
        q.action = "sign*";
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), search(q).size());
        q.action = "*";
        CPPUNIT_ASSERT_EQUAL(std::size_t(5), search(q).size());
        q.action = "sign";
        CPPUNIT_ASSERT(search(q).empty());
    }

    void testSearchByObjectAndOrganization()
    {
        record(Actor::system("t"), {"case.submitted", "case", "TR-1", 7, ""});
        record(Actor::system("t"), {"case.status", "case", "TR-1", 7, ""});
        record(Actor::system("t"), {"case.submitted", "case", "TR-2", 8, ""});
        record(Actor::system("t"), {"user.activated", "user", "TR-1", 7, ""});

        AuditQuery q;
        q.objectType = "case";
        q.objectId = "TR-1";
        CPPUNIT_ASSERT_EQUAL((std::vector<std::string>{"case.status", "case.submitted"}), actions(search(q)));
        q.objectId.clear();
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), search(q).size());

        AuditQuery org;
        org.organizationId = 7;
        CPPUNIT_ASSERT_EQUAL((std::vector<std::string>{"user.activated", "case.status", "case.submitted"}),
                             actions(search(org)));
        org.organizationId = 8;
        org.action = "case.submitted";
        auto found = search(org);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), found.size());
        CPPUNIT_ASSERT_EQUAL(std::string("TR-2"), found[0].objectId);
    }

    void testDateRangeIncludesFromExcludesTo()
    {
        record(Actor::system("t"), {"a", "", "", 0, ""});
        _clock->advance(milliseconds(1000));
        record(Actor::system("t"), {"b", "", "", 0, ""});
        _clock->advance(milliseconds(1000));
        record(Actor::system("t"), {"c", "", "", 0, ""});

        AuditQuery q;
        q.fromMs = kStartMs + 1000;
        q.toMs = kStartMs + 2000;
        CPPUNIT_ASSERT_EQUAL(std::vector<std::string>{"b"}, actions(search(q)));
        q.toMs = 0;
        CPPUNIT_ASSERT_EQUAL((std::vector<std::string>{"c", "b"}), actions(search(q)));
        q.fromMs = 0;
        q.toMs = kStartMs + 1000;
        CPPUNIT_ASSERT_EQUAL(std::vector<std::string>{"a"}, actions(search(q)));
        q.fromMs = kStartMs + 1;
        q.toMs = kStartMs + 1000;
        CPPUNIT_ASSERT(search(q).empty());
    }

    void testKeysetPagingReturnsEachEntryOnce()
    {
        _db->database().transaction([&](molar::sdk::Transaction& tx) {
            for (int i = 0; i < 23; ++i)
                _audit->record(tx, Actor::system("t"), {"n" + std::to_string(i), "", "", 0, ""});
        });
        std::vector<std::string> seen;
        std::vector<std::int64_t> ids;
        AuditQuery q;
        q.limit = 5;
        int pages = 0;
        for (;;) {
            auto page = search(q);
            if (page.empty())
                break;
            ++pages;
            CPPUNIT_ASSERT(page.size() <= 5);
            for (const auto& r : page) {
                seen.push_back(r.action);
                ids.push_back(r.id);
            }
            q.beforeId = page.back().id;
        }
        CPPUNIT_ASSERT_EQUAL(5, pages);
        std::vector<std::string> expected;
        for (int i = 22; i >= 0; --i)
            expected.push_back("n" + std::to_string(i));
        CPPUNIT_ASSERT_EQUAL(expected, seen);
        CPPUNIT_ASSERT(std::is_sorted(ids.rbegin(), ids.rend()));
        CPPUNIT_ASSERT_EQUAL(ids.size(), std::set<std::int64_t>(ids.begin(), ids.end()).size());
    }

    void testCsvHeaderAndQuoting()
    {
        record(Actor{42, "Dr Lina Haddad <lina@clinic.example>", "203.0.113.7"},
               {"case.submitted", "case", "TR-261122-0002", 7, "crown, \"A2\" shade\nsecond line"});
        record(Actor::system("nightly"), {"jobs.parked", "job", "17", 0, "plain"});
        const std::string csv = exportCsv({});
        const auto rows = lines(csv);
        CPPUNIT_ASSERT_EQUAL(std::string("id,time_utc,actor,address,action,object_type,object_id,"
                                         "organization_id,detail"),
                             rows.at(0));
        const auto found = all();
        // Newest first; no organization is an empty cell.
        CPPUNIT_ASSERT_EQUAL(std::to_string(found[0].id) +
                                 ",2026-11-22T20:15:03Z,system: nightly,,jobs.parked,job,17,,plain",
                             rows.at(1));
        CPPUNIT_ASSERT_EQUAL(
            std::to_string(found[1].id) +
                ",2026-11-22T20:15:03Z,Dr Lina Haddad <lina@clinic.example>,203.0.113.7,"
                "case.submitted,case,TR-261122-0002,7,\"crown, \"\"A2\"\" shade\nsecond line\"",
            rows.at(2));
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), rows.size());
        CPPUNIT_ASSERT_EQUAL(std::string("1970-01-01T00:00:00Z"), AuditLog::isoUtc(0));
        CPPUNIT_ASSERT_EQUAL(std::string("2026-11-22T20:15:03Z"), AuditLog::isoUtc(kStartMs + 999));
    }

    void testCsvNeutralisesFormulas()
    {
        record(Actor{1, "=HYPERLINK(\"http://evil.example\",\"x\")", "@SUM(A1)"},
               {"note", "+type", "-2+3", 0, "\tcmd"});
        const auto rows = lines(exportCsv({}));
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), rows.size());
        MOLAR_ASSERT_CONTAINS(
            ",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",'@SUM(A1),note,'+type,'-2+3,,'\tcmd",
            rows[1]);
    }

    void testLargeExportStreamsEveryRow()
    {
        _db->database().transaction([&](molar::sdk::Transaction& tx) {
            for (int i = 0; i < 1200; ++i)
                _audit->record(
                    tx, Actor{i + 1, "user " + std::to_string(i), "198.51.100.1"},
                    {"case.viewed", "case", "TR-" + std::to_string(i), 3, "row " + std::to_string(i)});
        });
        const std::string csv = exportCsv({});
        const auto rows = lines(csv);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1201), rows.size());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1201),
                             static_cast<std::size_t>(std::count(csv.begin(), csv.end(), '\n')));
        // Every row once, newest first, across the 500-row pages.
        for (int i = 0; i < 1200; ++i)
            MOLAR_ASSERT_CONTAINS(",row " + std::to_string(1199 - i), rows.at(i + 1));
        // A filter and a starting point carry through the pages.
        AuditQuery q;
        q.actor = "user 11";
        // user 11, 110..119 and 1100..1199, and the header
        CPPUNIT_ASSERT_EQUAL(std::size_t(1 + 1 + 10 + 100), lines(exportCsv(q)).size());
    }

    void testUpdateAndDeleteAreRefused()
    {
        record(Actor{1, "Dr Lina Haddad", "203.0.113.7"}, {"sign_in", "user", "1", 7, ""});
        auto& db = _db->database();
        CPPUNIT_ASSERT_THROW(db.execute("UPDATE molar_audit SET actor_label = ?", {"someone else"}),
                             molar::sdk::DatabaseError);
        CPPUNIT_ASSERT_THROW(db.execute("DELETE FROM molar_audit"), molar::sdk::DatabaseError);
        CPPUNIT_ASSERT_THROW(db.execute("DELETE FROM molar_audit WHERE action = ?", {"sign_in"}),
                             molar::sdk::DatabaseError);
        try {
            db.execute("UPDATE molar_audit SET at = 0");
            CPPUNIT_FAIL("the update was allowed");
        } catch (const molar::sdk::DatabaseError& e) {
            MOLAR_ASSERT_CONTAINS("append-only", e.what());
        }
        auto found = all();
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), found.size());
        CPPUNIT_ASSERT_EQUAL(std::string("Dr Lina Haddad"), found[0].actorLabel);
        CPPUNIT_ASSERT_EQUAL(kStartMs, found[0].atMs);
    }

private:
    void record(const Actor& actor, const AuditEntry& entry)
    {
        _db->database().transaction([&](molar::sdk::Transaction& tx) { _audit->record(tx, actor, entry); });
    }

    std::vector<AuditRecord> search(const AuditQuery& q) { return _audit->search(q); }

    std::vector<AuditRecord> all()
    {
        AuditQuery q;
        q.limit = 1000;
        return search(q);
    }

    static AuditQuery actorQuery(const std::string& text)
    {
        AuditQuery q;
        q.actor = text;
        return q;
    }

    static std::vector<std::string> labels(const std::vector<AuditRecord>& records)
    {
        std::vector<std::string> out;
        for (const auto& r : records)
            out.push_back(r.actorLabel);
        return out;
    }

    std::string exportCsv(const AuditQuery& q)
    {
        std::ostringstream out;
        _audit->exportCsv(q, out);
        return out.str();
    }

    std::unique_ptr<molar::test::TestDatabase> _db;
    std::unique_ptr<molar::host::ManualClock> _clock;
    std::unique_ptr<AuditLog> _audit;
};

CPPUNIT_TEST_SUITE_REGISTRATION(AuditLogTest);
