#include "accounts/AccountAdministration.h"

#include "accounts/AccountForms.h"
#include "accounts/AccountProvisioning.h"
#include "accounts/PasswordResetLinks.h"
#include "accounts/ProfileRoutes.h"
#include "accounts/SessionStore.h"
#include "core/Clocks.h"

#include <Poco/String.h>

namespace molar::host {

namespace {

// How long a new account's link to choose a password works.
const std::chrono::hours WELCOME_LINK_LIFETIME(7 * 24);

std::string id(std::int64_t value)
{
    return std::to_string(value);
}

bool profileComplete(const UserRecord& user)
{
    return !Poco::trim(user.firstName).empty() && !Poco::trim(user.lastName).empty() && !user.email.empty() &&
           ProfileRoutes::isE164(user.phone);
}

} // namespace

AccountAdministration::Manager AccountAdministration::of(const sdk::Request& request)
{
    Manager m;
    m.actor = sdk::Actor::of(request);
    if (request.principal()) {
        m.userId = request.principal()->userId;
        m.organizationId = request.principal()->side == "lab" ? 0 : request.principal()->organizationId;
    }
    return m;
}

AccountAdministration::AccountAdministration(sdk::Database& database, const sdk::Clock& clock,
                                             sdk::Audit& audit, EventBus& events, HostAccounts& accounts,
                                             const PasswordHasher& hasher, std::string publicUrl)
    : _database(database), _clock(clock), _audit(audit), _events(events), _accounts(accounts),
      _hasher(hasher), _publicUrl(std::move(publicUrl))
{
    while (!_publicUrl.empty() && _publicUrl.back() == '/')
        _publicUrl.pop_back();
}

std::int64_t AccountAdministration::now() const
{
    return millisSinceEpoch(_clock.now());
}

std::optional<UserRecord> AccountAdministration::managedUser(const Manager& manager, std::int64_t userId)
{
    auto user = _store.findById(_database, userId);
    // An owner's view stops at their organization: other users look absent.
    if (!user || (!manager.lab() && user->organizationId != manager.organizationId))
        return std::nullopt;
    return user;
}

AccountAdministration::Outcome
AccountAdministration::setUserStatus(const Manager& manager, std::int64_t userId, const std::string& status)
{
    Outcome out;
    if (status != "active" && status != "blocked")
        throw std::invalid_argument("a user's status is set to active or blocked");
    _database.transaction([&](sdk::Transaction& tx) {
        auto user = _store.findById(tx, userId);
        if (!user || (!manager.lab() && user->organizationId != manager.organizationId)) {
            out.found = false;
            return;
        }
        // The lab's block wins: only the lab lifts it.
        if (status == "active" && user->blockedByLab && !manager.lab()) {
            out.refusal = "admin.error.labBlocked";
            return;
        }
        // A lab admin blocking an account its owner blocked makes the block the lab's.
        if (user->ownStatus == status && (status == "active" || user->blockedByLab || !manager.lab()))
            return;
        if (status == "blocked") {
            if (user->id == manager.userId) {
                out.refusal = "admin.error.notYourself";
                return;
            }
            if (user->role == "owner" && user->ownStatus == "active" &&
                _store.otherActiveOwners(tx, user->organizationId, user->id) == 0) {
                out.refusal = "admin.error.lastOwner";
                return;
            }
        }
        _store.setStatus(tx, user->id, status, now(), manager.lab());
        _audit.record(tx, manager.actor,
                      {status == "active" ? "user.activated" : "user.blocked", "user", id(user->id),
                       user->organizationId, user->email + " was " + user->ownStatus});
    });
    return out;
}

AccountAdministration::Outcome AccountAdministration::editUser(const Manager& manager, std::int64_t userId,
                                                               const UserEdit& edit, Errors& errors)
{
    Outcome out;
    checkName("firstName", edit.firstName, errors);
    checkName("lastName", edit.lastName, errors);
    if (!edit.phone.empty() && !ProfileRoutes::isE164(edit.phone))
        errors["phone"] = "profile.error.phone";
    _database.transaction([&](sdk::Transaction& tx) {
        auto user = _store.findById(tx, userId);
        if (!user || (!manager.lab() && user->organizationId != manager.organizationId)) {
            out.found = false;
            return;
        }
        if (!isValidRole(user->side, edit.role))
            errors["role"] = "accountForm.error.role";
        else if (user->role == "owner" && edit.role != "owner" && user->ownStatus == "active" &&
                 _store.otherActiveOwners(tx, user->organizationId, user->id) == 0)
            errors["role"] = "admin.error.lastOwner";
        if (!errors.empty())
            return;
        _store.updateDetails(tx, user->id, edit.firstName, edit.lastName, edit.phone, edit.role, now());
        _audit.record(tx, manager.actor, {"user.updated", "user", id(user->id), user->organizationId, ""});
        if (edit.role != user->role)
            _audit.record(tx, manager.actor,
                          {"user.role_changed", "user", id(user->id), user->organizationId,
                           user->role + " -> " + edit.role});
    });
    return out;
}

void AccountAdministration::checkName(const std::string& field, const std::string& name, Errors& errors)
{
    const std::string key = AccountForms::textError(name, 100, "profile.error.required");
    if (!key.empty())
        errors[field] = key;
}

void AccountAdministration::checkClinic(const std::string& name, const std::string& address,
                                        const std::string& country, Errors& errors)
{
    for (const auto& [field, key] :
         {std::make_pair("clinicName", AccountForms::textError(name, 200, "accountForm.error.text")),
          std::make_pair("address", AccountForms::textError(address, 500, "accountForm.error.address"))})
        if (!key.empty())
            errors[field] = key;
    if (!AccountForms::isCountry(country))
        errors["country"] = "accountForm.error.country";
}

std::int64_t AccountAdministration::createOrganization(const Manager& manager, const std::string& name,
                                                       const std::string& clinicName,
                                                       const std::string& address, const std::string& country,
                                                       Errors& errors)
{
    if (!manager.lab())
        throw std::logic_error("only the lab creates organizations");
    const std::string nameError = AccountForms::textError(name, 200, "accountForm.error.text");
    if (!nameError.empty())
        errors["name"] = nameError;
    checkClinic(clinicName, address, country, errors);
    if (!errors.empty())
        return 0;
    std::int64_t organizationId = 0;
    _database.transaction([&](sdk::Transaction& tx) {
        organizationId = _store.createOrganization(tx, name, "pending", now());
        const std::int64_t clinicId =
            _store.createClinic(tx, organizationId, clinicName, address, country, now());
        _audit.record(tx, manager.actor,
                      {"organization.created", "organization", id(organizationId), organizationId, name});
        _audit.record(tx, manager.actor,
                      {"clinic.created", "clinic", id(clinicId), organizationId, clinicName});
    });
    return organizationId;
}

std::int64_t AccountAdministration::addClinic(const Manager& manager, std::int64_t organizationId,
                                              const std::string& name, const std::string& address,
                                              const std::string& country, Errors& errors)
{
    if (!manager.lab())
        throw std::logic_error("only the lab adds clinics");
    checkClinic(name, address, country, errors);
    if (!errors.empty())
        return 0;
    std::int64_t clinicId = 0;
    _database.transaction([&](sdk::Transaction& tx) {
        if (!_store.findOrganization(tx, organizationId)) {
            errors["organization"] = "accountForm.error.organization";
            return;
        }
        clinicId = _store.createClinic(tx, organizationId, name, address, country, now());
        _audit.record(tx, manager.actor, {"clinic.created", "clinic", id(clinicId), organizationId, name});
    });
    return clinicId;
}

AccountAdministration::Outcome AccountAdministration::activationGaps(std::int64_t organizationId)
{
    Outcome out;
    if (!_store.findOrganization(_database, organizationId)) {
        out.found = false;
        return out;
    }
    if (_store.clinics(_database, organizationId).empty())
        out.missingKeys.push_back("organization.missing.clinic");
    UserQuery owners;
    owners.organizationId = organizationId;
    owners.limit = 500;
    bool hasOwner = false, complete = false;
    for (const auto& entry : _store.searchUsers(_database, owners)) {
        if (entry.user.role != "owner" || entry.user.ownStatus == "blocked")
            continue;
        hasOwner = true;
        complete = complete || profileComplete(entry.user);
    }
    if (!hasOwner)
        out.missingKeys.push_back("organization.missing.owner");
    else if (!complete)
        out.missingKeys.push_back("organization.missing.ownerProfile");
    out.missingSentences = _accounts.missingForActivation(organizationId);
    return out;
}

AccountAdministration::Outcome AccountAdministration::activateOrganization(const Manager& manager,
                                                                           std::int64_t organizationId)
{
    if (!manager.lab())
        throw std::logic_error("only the lab activates organizations");
    Outcome out = activationGaps(organizationId);
    if (!out.done())
        return out;
    _database.transaction([&](sdk::Transaction& tx) {
        _store.setOrganizationStatus(tx, organizationId, "active");
        _audit.record(tx, manager.actor,
                      {"organization.activated", "organization", id(organizationId), organizationId, ""});
        // The owner who registered the organization waits for exactly this.
        auto pending =
            tx.query("SELECT id, email FROM molar_users WHERE organization_id = ? AND role = 'owner'"
                     " AND status = 'pending' ORDER BY id",
                     {organizationId});
        for (std::size_t r = 0; r < pending.size(); ++r) {
            const std::int64_t userId = pending.row(r).at(0).asInt();
            _store.setStatus(tx, userId, "active", now());
            _audit.record(tx, manager.actor,
                          {"user.activated", "user", id(userId), organizationId,
                           pending.row(r).at(1).asString() + " with the organization"});
        }
    });
    return out;
}

AccountAdministration::Outcome AccountAdministration::blockOrganization(const Manager& manager,
                                                                        std::int64_t organizationId)
{
    if (!manager.lab())
        throw std::logic_error("only the lab blocks organizations");
    Outcome out;
    _database.transaction([&](sdk::Transaction& tx) {
        if (!_store.findOrganization(tx, organizationId)) {
            out.found = false;
            return;
        }
        _store.setOrganizationStatus(tx, organizationId, "blocked");
        // Its members are signed out now, not at their next request.
        SessionStore::revokeOrganization(tx, organizationId);
        _audit.record(tx, manager.actor,
                      {"organization.blocked", "organization", id(organizationId), organizationId, ""});
    });
    return out;
}

std::int64_t AccountAdministration::createUser(const Manager& manager, const NewUser& input, Errors& errors,
                                               std::string& temporary)
{
    if (!manager.lab())
        throw std::logic_error("only the lab creates users");
    UserRecord user;
    user.side = input.side;
    user.role = input.role;
    user.organizationId = input.side == "clinic" ? input.organizationId : 0;
    user.firstName = Poco::trim(input.firstName);
    user.lastName = Poco::trim(input.lastName);
    user.email = normalizeLogin(input.email);
    user.username = normalizeLogin(input.username);
    user.phone = Poco::trim(input.phone);
    user.language = input.language;
    user.status = "active";
    user.mustChangePassword = true;
    if (input.side != "clinic" && input.side != "lab")
        errors["side"] = "accountForm.error.side";
    else if (!isValidRole(user.side, user.role))
        errors["role"] = "accountForm.error.role";
    checkName("firstName", user.firstName, errors);
    checkName("lastName", user.lastName, errors);
    if (!AccountForms::isEmail(user.email))
        errors["email"] = "profile.error.email";
    if (!AccountForms::isUsername(user.username))
        errors["username"] = "accountForm.error.username";
    if (!user.phone.empty() && !ProfileRoutes::isE164(user.phone))
        errors["phone"] = "profile.error.phone";
    if (user.side == "clinic" && !_store.findOrganization(_database, user.organizationId))
        errors["organizationId"] = "accountForm.error.organization";
    if (!errors.empty())
        return 0;
    temporary = temporaryPassword();
    user.passwordHash = _hasher.hash(temporary);
    std::int64_t userId = 0;
    try {
        _database.transaction([&](sdk::Transaction& tx) {
            userId = _store.createUser(tx, user, now());
            _audit.record(tx, manager.actor,
                          {"user.created", "user", id(userId), user.organizationId,
                           user.side + " " + user.role + " " + user.email});
            // The message carries a link to choose a password, made when it is sent;
            // the temporary password is shown once, to whoever created the account.
            const std::string linkId =
                PasswordResetLinks(_database, _clock, _publicUrl).create(tx, userId, WELCOME_LINK_LIFETIME);
            _events.publish(tx, WELCOME_EVENT,
                            sdk::Value::object({{"userId", userId},
                                                {"email", user.email},
                                                {"name", user.displayName()},
                                                {"language", user.language},
                                                {PasswordResetLinks::ID_FIELD, linkId},
                                                {"expiresDays", static_cast<std::int64_t>(
                                                                    WELCOME_LINK_LIFETIME.count() / 24)},
                                                {"signInUrl", _publicUrl + "/sign-in"}}));
        });
    } catch (const AccountStore::AccountError& e) {
        errors[e.field()] =
            e.field() == "username" ? "accountForm.error.usernameTaken" : "profile.error.emailTaken";
        temporary.clear();
        return 0;
    }
    return userId;
}

} // namespace molar::host
