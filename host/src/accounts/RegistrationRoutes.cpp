#include "accounts/RegistrationRoutes.h"

#include "accounts/AccountForms.h"
#include "accounts/ProfileRoutes.h"
#include "core/Clocks.h"

#include "molar/sdk/Errors.h"

#include <Poco/String.h>

#include <vector>

namespace molar::host {

namespace {

Route route(const std::string& method, const std::string& path, sdk::Handler handler)
{
    return formRoute("accounts", method, path, sdk::Access::Public, std::move(handler));
}

} // namespace

void RegistrationRoutes::registerAll(Router& router)
{
    router.add(route("GET", "/register", [this](sdk::Request& rq, sdk::Response& rs) {
        if (rq.principal())
            return rs.redirect("/", 303);
        Form form;
        form.country = "QA";
        show(rq, rs, 200, form, {});
    }));
    router.add(route("POST", "/register", [this](sdk::Request& rq, sdk::Response& rs) { post(rq, rs); }));
    router.add(route("GET", "/register/done", [this](sdk::Request& rq, sdk::Response& rs) {
        const bool joined = rq.query("joined") == "1";
        rs.send("text/html; charset=utf-8",
                _views.renderPage("host/pages/registered", "register.done.title",
                                  sdk::Value::object({{"joined", joined}}), pageContextFor(rq)));
    }));
}

RegistrationRoutes::Result RegistrationRoutes::submit(const Form& input, const sdk::Actor& actor)
{
    Result result;
    auto& errors = result.errors;
    Form form = input;
    for (auto* field : {&form.businessName, &form.firstName, &form.lastName, &form.phone, &form.address,
                        &form.country, &form.reference})
        *field = Poco::trim(*field);
    form.email = normalizeLogin(form.email);
    form.username = normalizeLogin(form.username);

    auto check = [&errors](const char* field, const std::string& text, std::size_t maxBytes,
                           const std::string& emptyKey) {
        const std::string key = AccountForms::textError(text, maxBytes, emptyKey);
        if (!key.empty())
            errors[field] = key;
    };
    std::optional<OrganizationRecord> organization;
    if (!form.reference.empty()) {
        organization = _accounts.findOrganizationByReference(_database, form.reference);
        // A blocked organization takes no one in; saying so would tell more than needed.
        if (!organization || organization->status == "blocked") {
            organization.reset();
            errors["reference"] = "register.error.reference";
        }
    }
    // Joining staff work at the organization's clinics: the clinic fields are for a new practice.
    if (form.reference.empty()) {
        check("businessName", form.businessName, 200, "register.error.businessName");
        check("address", form.address, 500, "accountForm.error.address");
        if (!AccountForms::isCountry(form.country))
            errors["country"] = "accountForm.error.country";
    }
    check("firstName", form.firstName, 100, "profile.error.required");
    check("lastName", form.lastName, 100, "profile.error.required");
    // Whether an account has them is not said here: see tellExistingOwners.
    if (!AccountForms::isEmail(form.email))
        errors["email"] = "profile.error.email";
    if (!AccountForms::isUsername(form.username))
        errors["username"] = "accountForm.error.username";
    if (!ProfileRoutes::isE164(form.phone))
        errors["phone"] = "profile.error.phone";
    const std::string problem = _policy.check(form.password, {form.email.substr(0, form.email.find('@')),
                                                              form.username, form.firstName, form.lastName});
    if (!problem.empty())
        errors["password"] = problem;
    if (form.password != form.confirm)
        errors["confirm"] = "password.error.mismatch";
    if (!errors.empty())
        return result;

    UserRecord user;
    user.side = "clinic";
    user.role = organization ? "dentist" : "owner";
    user.status = organization ? "blocked" : "pending";
    user.email = form.email;
    user.username = form.username;
    user.firstName = form.firstName;
    user.lastName = form.lastName;
    user.phone = form.phone;
    user.language = form.language;
    // Hashed whether or not an account has the email, so both answers take as long.
    user.passwordHash = _hasher.hash(form.password);
    result.joined = organization.has_value();
    try {
        _database.transaction([&](sdk::Transaction& tx) {
            if (tellExistingOwners(tx, form, actor)) {
                result.taken = true;
                return;
            }
            const std::int64_t now = millisSinceEpoch(_clock.now());
            if (organization) {
                user.organizationId = organization->id;
            } else {
                user.organizationId = _accounts.createOrganization(tx, form.businessName, "pending", now);
                const std::int64_t clinicId = _accounts.createClinic(
                    tx, user.organizationId, form.businessName, form.address, form.country, now);
                _audit.record(tx, actor,
                              {"organization.created", "organization", std::to_string(user.organizationId),
                               user.organizationId, form.businessName + " (registration)"});
                _audit.record(tx, actor,
                              {"clinic.created", "clinic", std::to_string(clinicId), user.organizationId,
                               form.businessName});
            }
            result.userId = _accounts.createUser(tx, user, now);
            _audit.record(
                tx, actor,
                {"registration", "user", std::to_string(result.userId), user.organizationId,
                 user.email + (organization ? " joined by reference code" : " registered a practice")});
            _events.publish(tx, EVENT,
                            sdk::Value::object({{"userId", result.userId},
                                                {"organizationId", user.organizationId},
                                                {"email", user.email},
                                                {"name", user.displayName()},
                                                {"language", user.language}}));
        });
    } catch (const AccountStore::AccountError&) {
        // A registration racing this one took the email or username: the same answer.
        result.taken = true;
        _database.transaction([&](sdk::Transaction& tx) { tellExistingOwners(tx, form, actor); });
    }
    if (result.taken) {
        result.userId = 0;
        return result;
    }
    result.organizationId = user.organizationId;
    return result;
}

bool RegistrationRoutes::tellExistingOwners(sdk::Transaction& tx, const Form& form, const sdk::Actor& actor)
{
    std::vector<UserRecord> owners;
    for (const std::string* login : {&form.email, &form.username}) {
        auto user = _accounts.findByLogin(tx, *login);
        if (user && (owners.empty() || owners.front().id != user->id))
            owners.push_back(*user);
    }
    const std::int64_t now = millisSinceEpoch(_clock.now());
    for (const auto& user : owners) {
        const std::string id = std::to_string(user.id);
        const auto told =
            tx.query("SELECT COUNT(*) FROM molar_audit WHERE object_type = 'user' AND object_id = ?"
                     " AND action = 'registration.taken' AND at > ?",
                     {id, now - 3600 * 1000LL})
                .row(0)
                .at(0)
                .asInt();
        if (told >= NOTICES_PER_HOUR) {
            // The same answer as ever; the owner has heard of it this hour already.
            _audit.record(tx, actor,
                          {"registration.taken_unsent", "user", id, user.organizationId,
                           std::to_string(told) + " notices in the last hour"});
            continue;
        }
        _events.publish(tx, ATTEMPT_EVENT,
                        sdk::Value::object({{"userId", user.id},
                                            {"name", user.displayName()},
                                            {"email", user.email},
                                            {"language", user.language},
                                            {"signInPath", "/sign-in"},
                                            {"resetPath", "/password/forgot"}}));
        _audit.record(tx, actor,
                      {"registration.taken", "user", id, user.organizationId, "its owner was told"});
    }
    return !owners.empty();
}

void RegistrationRoutes::show(sdk::Request& request, sdk::Response& response, int status, const Form& form,
                              const std::map<std::string, std::string>& errors)
{
    response.setStatus(status);
    sdk::Value errorTexts = sdk::Value::object();
    for (const auto& [field, key] : errors)
        errorTexts.set(field, _views.translate(key, request.language()));
    // Passwords are never sent back.
    sdk::Value data = sdk::Value::object({{"businessName", form.businessName},
                                          {"firstName", form.firstName},
                                          {"lastName", form.lastName},
                                          {"email", form.email},
                                          {"username", form.username},
                                          {"phone", form.phone},
                                          {"address", form.address},
                                          {"reference", form.reference},
                                          {"countries", AccountForms::countryOptions(form.country)},
                                          {"hasErrors", !errors.empty()},
                                          {"errors", errorTexts}});
    response.send("text/html; charset=utf-8",
                  _views.renderPage("host/pages/register", "register.title", data, pageContextFor(request)));
}

void RegistrationRoutes::post(sdk::Request& request, sdk::Response& response)
{
    if (_throttle && _throttle->overLimit(request.clientAddress(), millisSinceEpoch(_clock.now())))
        throw sdk::HttpError(429, "Too many registrations from your network. Try again in " +
                                      std::to_string(_throttle->window().count() / 60) + " minutes.");
    Form form;
    form.businessName = request.form("businessName");
    form.firstName = request.form("firstName");
    form.lastName = request.form("lastName");
    form.email = request.form("email");
    form.username = request.form("username");
    form.password = request.form("password");
    form.confirm = request.form("confirm");
    form.phone = request.form("phone");
    form.address = request.form("address");
    form.country = request.form("country");
    form.reference = request.form("reference");
    form.language = _views.supports(request.language()) ? request.language() : "en";
    Result result = submit(form, sdk::Actor::of(request));
    if (!result.errors.empty())
        return show(request, response, 422, form, result.errors);
    response.redirect(result.joined ? "/register/done?joined=1" : "/register/done", 303);
}

} // namespace molar::host
