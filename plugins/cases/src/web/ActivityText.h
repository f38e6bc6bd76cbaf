#pragma once

#include "molar/sdk/Plugin.h"
#include "molar/sdk/Views.h"
#include "store/CaseStore.h"

#include <map>
#include <string>

namespace molar::cases {

// A timeline entry's summary in the reader's language: another plugin's catalog key
// (catalogs of all plugins are merged) with its fields put in, or, for entries without a
// key, the text stored with them. Amounts in the language's form. Plain text: the page
// escapes it.
std::string activitySummary(sdk::Host& host, const std::string& language, const Activity& activity);

// Who made a timeline entry: a person's name, or "Automatic" in the reader's language for
// the portal's own entries (stored as "system" or "system: <event>").
std::string activityActor(sdk::Views& views, const std::string& language, const Activity& activity);
// Whether the portal made the entry, not a person.
bool byPortal(const Activity& activity);

// `text` with each {{name}} replaced by the field's value (nothing for an unknown name), in
// one pass, so a value holding "{{...}}" stays as it was written.
std::string withFields(const std::string& text, const std::map<std::string, std::string>& fields);

} // namespace molar::cases
