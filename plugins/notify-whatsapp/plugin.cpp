#include "WhatsAppPlugin.h"

#include "molar/sdk/Plugin.h"

MOLAR_PLUGIN(molar::whatsapp::WhatsAppPlugin, "notify-whatsapp", "1.0.0", "",
             "WhatsApp notifications (Business Cloud API)")
