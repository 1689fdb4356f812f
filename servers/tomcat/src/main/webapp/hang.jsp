<%--
  A request that never finishes, as one stuck on a lock or a dead backend would: the test deploys this page
  into webapps/ROOT of its CATALINA_BASE. The thread stays inside CoyoteAdapter#service, so preset=tomcat's
  progress point has a call in flight and no new one begins.
--%><%@ page contentType="text/plain" %><%
    System.out.println("hang.jsp: this request waits forever");
    System.out.flush();
    new java.util.concurrent.CountDownLatch(1).await();
%>
