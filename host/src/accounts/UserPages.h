#pragma once

#include "accounts/AccountAdministration.h"
#include "accounts/Accounts.h"
#include "views/ViewEngine.h"

#include "molar/sdk/Http.h"

namespace molar::host {

// The user list and edit page that organization owners and lab admins share;
// `basePath` is where the pages live ("/organization/users" or "/admin/users").
namespace UserPages {

constexpr int PAGE_SIZE = 25;

// The search, status filter and page of the request (status "" for all).
UserQuery queryFrom(const sdk::Request& request, std::int64_t organizationId);
// A 404 that reads like any unknown address, so it reveals nothing.
[[noreturn]] void notFound(const sdk::Request& request);
// The {id} of the path, or a 404.
std::int64_t idParam(const sdk::Request& request);
// Lets only the owner of a clinic organization through; anyone else gets a 403 with the
// catalog text `refusalKey` in their language.
void requireOwner(const sdk::Request& request, const ViewEngine& views, const std::string& refusalKey);

// Renders the list; `found` holds up to PAGE_SIZE + 1 users (the extra one means more).
void showList(sdk::Request& request, sdk::Response& response, ViewEngine& views, const UserQuery& query,
              std::vector<UserListEntry> found, const std::string& basePath, const std::string& titleKey,
              sdk::Value extra);
void showEdit(sdk::Request& request, sdk::Response& response, ViewEngine& views, int status,
              const UserRecord& user, const AccountAdministration::UserEdit& values,
              const AccountAdministration::Errors& errors, const std::string& basePath);
// Posts the edit form; redirects to the list when saved.
void saveEdit(sdk::Request& request, sdk::Response& response, ViewEngine& views,
              AccountAdministration& administration, const std::string& basePath);
// Activate or block; redirects to the list with what happened.
void setStatus(sdk::Request& request, sdk::Response& response, AccountAdministration& administration,
               const std::string& status, const std::string& basePath);

sdk::Value translatedErrors(const AccountAdministration::Errors& errors, const ViewEngine& views,
                            const std::string& language);
// "Activate {name}" with the name put in.
std::string named(const ViewEngine& views, const std::string& key, const std::string& name,
                  const std::string& language);

} // namespace UserPages

} // namespace molar::host
