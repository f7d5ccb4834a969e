-- Federation limited to a list of servers, for communities whose spec.federation.allow names some.
-- Written for the Westchat operator, which ships it next to prosody.cfg.lua: Prosody 0.12 itself
-- has no such list. Every host that talks to other servers loads it (the VirtualHost and each
-- component), and reads the list from the global option federation_allow. A listed domain
-- also admits its subdomains, such as the group chat service conference.<domain>.
local st = require "util.stanza";

local allowed = module:get_option_set("federation_allow", {});

local function is_allowed(domain)
	while domain do
		if allowed:contains(domain) then
			return true;
		end
		domain = domain:match("^[^.]+%.(.+)$");
	end
	return false;
end

local function refusal(domain)
	return "This server only federates with the servers its admins listed; "..tostring(domain).." is not one of them";
end

-- Stanzas for a server not on the list never leave: the sender gets an error instead.
module:hook("route/remote", function (event)
	if is_allowed(event.to_host) then
		return nil;
	end
	local stanza = event.stanza;
	if stanza.attr.type ~= "error" and stanza.attr.type ~= "result" then
		module:send(st.error_reply(stanza, "cancel", "not-allowed", refusal(event.to_host)));
	end
	return true;
end, 500);

-- A connection with a server not on the list ends as soon as that server has proved its name.
module:hook("s2s-authenticated", function (event)
	if is_allowed(event.host) then
		return nil;
	end
	module:log("info", "Closing the connection with %s, which is not in federation_allow", tostring(event.host));
	event.session:close({ condition = "policy-violation", text = refusal(event.host) });
	return false;
end, 500);
