package io.github.sdwatchdog.servers.kafka;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.common.Endpoint;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.server.authorizer.AclCreateResult;
import org.apache.kafka.server.authorizer.AclDeleteResult;
import org.apache.kafka.server.authorizer.Action;
import org.apache.kafka.server.authorizer.AuthorizableRequestContext;
import org.apache.kafka.server.authorizer.AuthorizationResult;
import org.apache.kafka.server.authorizer.Authorizer;
import org.apache.kafka.server.authorizer.AuthorizerServerInfo;

/**
 * A test plugin, deployed as a user's authorizer would be (a jar in libs/, {@code authorizer.class.name=} in
 * server.properties): allows everything, except that a request touching a resource named {@code hang}
 * (a topic, group, ...) blocks its request handler thread until the thread is interrupted. That is a hang on
 * the broker's request path, inside {@code kafka.server.KafkaApis#handle}, with the server itself unchanged.
 */
public final class HangAuthorizer implements Authorizer {
    /** The resource name whose requests never complete. */
    public static final String HANG = "hang";

    private static final CountDownLatch NEVER = new CountDownLatch(1);

    @Override
    public void configure(Map<String, ?> configs) {
    }

    @Override
    public Map<Endpoint, ? extends CompletionStage<Void>> start(AuthorizerServerInfo serverInfo) {
        // Every listener may start at once: nothing to load.
        Map<Endpoint, CompletableFuture<Void>> ready = new HashMap<>();
        for (Endpoint endpoint : serverInfo.endpoints()) {
            ready.put(endpoint, CompletableFuture.completedFuture(null));
        }
        return ready;
    }

    @Override
    public List<AuthorizationResult> authorize(AuthorizableRequestContext context, List<Action> actions) {
        List<AuthorizationResult> results = new ArrayList<>(actions.size());
        for (Action action : actions) {
            if (HANG.equals(action.resourcePattern().name())) {
                System.err.println("HangAuthorizer: blocking " + Thread.currentThread().getName() + " on " + action);
                try {
                    NEVER.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    results.add(AuthorizationResult.DENIED);
                    continue;
                }
            }
            results.add(AuthorizationResult.ALLOWED);
        }
        return results;
    }

    @Override
    public AuthorizationResult authorizeByResourceType(AuthorizableRequestContext context, AclOperation op, ResourceType resourceType) {
        return AuthorizationResult.ALLOWED;
    }

    @Override
    public List<? extends CompletionStage<AclCreateResult>> createAcls(AuthorizableRequestContext context, List<AclBinding> bindings) {
        throw new UnsupportedOperationException("HangAuthorizer keeps no ACLs");
    }

    @Override
    public List<? extends CompletionStage<AclDeleteResult>> deleteAcls(AuthorizableRequestContext context, List<AclBindingFilter> filters) {
        throw new UnsupportedOperationException("HangAuthorizer keeps no ACLs");
    }

    @Override
    public Iterable<AclBinding> acls(AclBindingFilter filter) {
        return Collections.emptyList();
    }

    @Override
    public void close() {
    }
}
