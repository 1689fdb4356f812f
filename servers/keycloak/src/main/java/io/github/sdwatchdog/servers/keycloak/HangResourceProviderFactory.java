package io.github.sdwatchdog.servers.keycloak;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/** Registers {@link HangResource} under every realm as {@code /realms/{realm}/sd-watchdog-hang}. */
public final class HangResourceProviderFactory implements RealmResourceProviderFactory {
    static final String ID = "sd-watchdog-hang";

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new HangResource();
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }
}
