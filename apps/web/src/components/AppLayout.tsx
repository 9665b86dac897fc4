import { lazy, Suspense, useState } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { Button, Drawer, Dropdown, Grid, Layout, Menu, Typography } from 'antd';
import { KeyOutlined, LogoutOutlined, MenuOutlined, UserOutlined } from '@ant-design/icons';
import { useAuth, useMe } from '../auth/AuthContext';
import { menuFor } from '../access';
import { ROLE_ZH } from '../catalogue';
import { NotificationBell } from './NotificationBell';

const { Header, Sider, Content } = Layout;

// Loaded when first opened: the sign-in page does not wait for the form code.
const PasswordDialog = lazy(() => import('./PasswordDialog').then((m) => ({ default: m.PasswordDialog })));

/** The frame of every signed-in page: the menu for the person's role, the bell, the account menu. */
export function AppLayout() {
  const me = useMe();
  const { logout } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  const narrow = !screens.lg;
  const [drawer, setDrawer] = useState(false);
  const [password, setPassword] = useState(false);
  const entries = menuFor(me.role);
  const selected = entries.find((e) => location.pathname === e.path || (e.path !== '/townships' && location.pathname.startsWith(`${e.path}/`)))?.path;
  const menu = (
    <Menu
      mode="inline"
      selectedKeys={selected ? [selected] : []}
      items={entries.map((e) => ({ key: e.path, label: <Link to={e.path}>{e.label}</Link> }))}
      onClick={() => setDrawer(false)}
      style={{ borderInlineEnd: 0 }}
    />
  );
  const who = me.role === 'township' ? me.townshipName : me.countyName;
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Header style={{ display: 'flex', alignItems: 'center', gap: 12, paddingInline: narrow ? 12 : 24, background: '#b4232a' }}>
        {narrow && <Button type="text" aria-label="打开菜单" icon={<MenuOutlined style={{ color: '#fff' }} />} onClick={() => setDrawer(true)} />}
        <Link to="/" style={{ color: '#fff', fontWeight: 600, fontSize: narrow ? 15 : 18, whiteSpace: 'nowrap' }}>
          法治政府建设检查清单
        </Link>
        {!narrow && who && <Typography.Text style={{ color: '#ffe7e7' }}>{who}</Typography.Text>}
        <div style={{ flex: 1 }} />
        <NotificationBell />
        <Dropdown
          menu={{
            items: [
              { key: 'role', label: `${me.displayName ?? me.username}（${ROLE_ZH[me.role]}）`, disabled: true, icon: <UserOutlined /> },
              { key: 'password', label: '修改密码', icon: <KeyOutlined /> },
              { key: 'logout', label: '退出登录', icon: <LogoutOutlined /> },
            ],
            onClick: async ({ key }) => {
              if (key === 'password') setPassword(true);
              if (key === 'logout') {
                await logout();
                navigate('/login', { replace: true });
              }
            },
          }}
        >
          <Button type="text" style={{ color: '#fff' }} icon={<UserOutlined />} aria-label="账号">
            {narrow ? null : (me.displayName ?? me.username)}
          </Button>
        </Dropdown>
        {password && (
          <Suspense fallback={null}>
            <PasswordDialog open onClose={() => setPassword(false)} />
          </Suspense>
        )}
      </Header>
      <Layout>
        {!narrow && (
          <Sider width={180} theme="light" style={{ borderInlineEnd: '1px solid #f0f0f0' }}>
            <nav aria-label="主菜单">{menu}</nav>
          </Sider>
        )}
        <Drawer open={drawer} onClose={() => setDrawer(false)} placement="left" size={240} title="菜单">
          <nav aria-label="主菜单">{menu}</nav>
        </Drawer>
        <Content style={{ padding: narrow ? 12 : 24, minWidth: 0 }}>
          <Outlet />
        </Content>
      </Layout>
    </Layout>
  );
}
