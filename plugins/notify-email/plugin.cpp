#include "NotifyEmailPlugin.h"

#include "molar/sdk/Plugin.h"

MOLAR_PLUGIN(molar::notifyemail::NotifyEmailPlugin, "notify-email", "1.0.0", "",
             "Email notifications over SMTP")
